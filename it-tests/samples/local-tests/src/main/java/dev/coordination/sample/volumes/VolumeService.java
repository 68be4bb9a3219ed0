package dev.coordination.sample.volumes;

import dev.coordination.Synchronized;
import java.util.concurrent.TimeUnit;

/**
 * The sample's service: every change of a volume holds the lock {@code volume-<id>}, so one caller
 * in the whole cluster changes a volume at a time. Its tests run it with the agent in local mode,
 * where the same locks live inside the test JVM.
 */
public final class VolumeService {

    private final VolumeStore store;

    public VolumeService(VolumeStore store) {
        this.store = store;
    }

    /** Sets the volume's size; waits as long as another caller holds the volume. */
    @Synchronized("volume-{volume.id}")
    public void resize(Volume volume, long gigabytes) {
        store.writeSize(volume.id(), gigabytes);
    }

    /**
     * Grows the volume and returns its new size, all under one hold: the call to {@link #resize}
     * re-enters the lock this method already holds, and leaves it held when it returns.
     */
    @Synchronized("volume-{volume.id}")
    public long grow(Volume volume, long byGigabytes) {
        resize(volume, store.size(volume.id()) + byGigabytes);
        return store.size(volume.id());
    }

    /** Snapshots the volume now, or throws {@code LockAcquireFailedException} at once if it is busy. */
    @Synchronized(value = "volume-{volumeId}", blocking = false)
    public void snapshot(String volumeId) {
        store.snapshot(volumeId);
    }

    /** Deletes the volume, waiting at most half a second for it. */
    @Synchronized(value = "volume-{volumeId}", timeout = 500, unit = TimeUnit.MILLISECONDS)
    public void delete(String volumeId) {
        store.delete(volumeId);
    }
}
