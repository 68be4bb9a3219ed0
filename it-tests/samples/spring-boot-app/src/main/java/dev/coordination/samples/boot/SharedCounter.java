package dev.coordination.samples.boot;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.springframework.stereotype.Component;

/**
 * An unprotected read-modify-write of an entry of the application's own Hazelcast {@code IMap}
 * (get, a short pause, put), so two callers that overlap lose an update. It also counts, in a
 * second map shared by both JVMs, how many callers are inside at once, and checks that each
 * locked caller's fence is larger than the one the previous caller wrote.
 */
@Component
class SharedCounter {

    private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final IMap<String, String> values;
    private final IMap<String, Integer> holders;
    private final AtomicInteger maxHolders = new AtomicInteger();
    private final AtomicInteger maxUnlockedHolders = new AtomicInteger();
    private final AtomicLong fenceRegressions = new AtomicLong();

    SharedCounter(HazelcastInstance hazelcast) {
        this.values = hazelcast.getMap("boot-sample-counters");
        this.holders = hazelcast.getMap("boot-sample-holders");
    }

    /** One read-modify-write; {@code fence} is 0 for the unlocked control calls. */
    void add(String key, long fence) {
        int inside = change(key, +1);
        (fence == 0 ? maxUnlockedHolders : maxHolders).accumulateAndGet(inside, Math::max);
        try {
            String before = values.get(key);
            long count = before == null ? 0 : Long.parseLong(before.split(" ")[0]);
            long lastFence = before == null ? 0 : Long.parseLong(before.split(" ")[1]);
            if (fence != 0 && fence <= lastFence) {
                fenceRegressions.incrementAndGet();
            }
            LockSupport.parkNanos(PAUSE_NANOS);
            values.put(key, (count + 1) + " " + Math.max(fence, lastFence));
        } finally {
            change(key, -1);
        }
    }

    long count(String key) {
        String value = values.get(key);
        return value == null ? 0 : Long.parseLong(value.split(" ")[0]);
    }

    int maxHolders() {
        return maxHolders.get();
    }

    int maxUnlockedHolders() {
        return maxUnlockedHolders.get();
    }

    long fenceRegressions() {
        return fenceRegressions.get();
    }

    /** Adds {@code delta} to the number of callers inside, atomically (compare-and-set), and returns it. */
    private int change(String key, int delta) {
        while (true) {
            Integer current = holders.get(key);
            if (current == null) {
                if (holders.putIfAbsent(key, delta) == null) {
                    return delta;
                }
            } else if (holders.replace(key, current, current + delta)) {
                return current + delta;
            }
        }
    }
}
