package dev.coordination.demo;

import dev.coordination.Synchronized;
import dev.coordination.support.SharedCounters;
import java.util.Map;

/**
 * A small Cinder-like volume service: each operation is exclusive, cluster-wide, for the volume
 * (and snapshot) it works on. Compiled with Maven's defaults (no {@code -parameters}): the
 * parameter names come from the local variable table.
 */
public class VolumeService {

    private final SharedCounters counters;

    public VolumeService(SharedCounters counters) {
        this.counters = counters;
    }

    @Synchronized("volume-{vol.id}")
    public void attach(Volume vol, String host) {
        counters.increment("volume-" + vol.id());
    }

    @Synchronized("{f_name}-{vol.id}-{snap[name]}")
    public void createSnapshot(Volume vol, Map<String, String> snap) {
        counters.increment("createSnapshot-" + vol.id() + "-" + snap.get("name"));
    }

    /** Two locks, named in either order by callers: acquired sorted, so never a deadlock. */
    @Synchronized({"volume-{src.id}", "volume-{dst.id}"})
    public void copy(Volume src, Volume dst) {
        counters.increment("volume-" + src.id());
        if (!src.id().equals(dst.id())) {
            counters.increment("volume-" + dst.id());
        }
    }

    /** Reentrant: calls {@link #attach} on the same volume while holding its lock. */
    @Synchronized("volume-{vol.id}")
    public void extend(Volume vol, int gb) {
        attach(vol, "resize");
    }
}
