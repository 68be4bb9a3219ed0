package dev.coordination.agent.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.coordination.agent.deadlock.WaitBoard;
import java.util.ArrayList;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The cluster's board of long waits for deadlock detection: a map (AP, not CP: a stale read only
 * delays a detection, which is confirmed over two reads) from member id to that JVM's waits. An
 * entry lives {@link #TTL_SECONDS} unless posted again, which a JVM with long waits does every
 * scan, so the waits of a JVM that died leave within seconds.
 */
final class HazelcastWaitBoard implements WaitBoard {

    static final int TTL_SECONDS = 3;

    private final Supplier<HazelcastInstance> instance;
    private final String mapName;

    /** @param instance the started instance, or {@code null} while there is none */
    HazelcastWaitBoard(Supplier<HazelcastInstance> instance, String lockPrefix) {
        this.instance = instance;
        this.mapName = lockPrefix + "coordination-waits";
    }

    @Override
    public void post(String memberId, String waits) {
        map().set(memberId, waits, TTL_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void remove(String memberId) {
        map().delete(memberId);
    }

    @Override
    public Collection<String> read() {
        return new ArrayList<>(map().values());
    }

    private IMap<String, String> map() {
        HazelcastInstance started = instance.get();
        if (started == null) {
            throw new IllegalStateException("the Hazelcast instance has not started");
        }
        return started.getMap(mapName);
    }
}
