package dev.coordination.it.apps;

import dev.coordination.Coordination;
import dev.coordination.DistributedLock;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many distinct lock names, as a long-running Cinder-like service meets them (a lock per volume):
 * <ul>
 *   <li>{@code NAMES PREFIX COUNT}: takes and frees PREFIX0 .. PREFIX(COUNT-1) once each; replies
 *       the mean time per lock+unlock of the first and of the last thousand (whole microseconds,
 *       and nanoseconds), and the median of each thousand;
 *   <li>{@code HEAP}: the JVM's used heap after full collections (the embedded member's state
 *       lives in this heap);
 *   <li>{@code REMOVE GLOB}: {@code Coordination.synchronizedRemove(GLOB)};
 *   <li>{@code FALSE THREADS SECONDS}: false contention: THREADS threads take never-used names
 *       without waiting and hold each for about a millisecond; replies how many tries found the
 *       name's stripe held by another name.
 * </ul>
 */
final class NameChurn {

    private static final int SAMPLE = 1_000;

    private NameChurn() {}

    static String lockMany(String prefix, int count) {
        long first = 0;
        long last = 0;
        int sample = Math.min(SAMPLE, count);
        long[] firstEach = new long[sample];
        long[] lastEach = new long[sample];
        long begin = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            DistributedLock lock = Coordination.getLock(prefix + i);
            lock.lock();
            lock.unlock();
            long took = System.nanoTime() - start;
            if (i < SAMPLE) {
                first += took;
                firstEach[i] = took;
            }
            if (i >= count - SAMPLE) {
                last += took;
                lastEach[i - (count - sample)] = took;
            }
        }
        Arrays.sort(firstEach);
        Arrays.sort(lastEach);
        return "OK names=" + count + " millis=" + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin)
                + " firstThousandMicros=" + first / 1000 / Math.min(SAMPLE, count)
                + " lastThousandMicros=" + last / 1000 / Math.min(SAMPLE, count)
                + " firstThousandNanos=" + first / sample + " lastThousandNanos=" + last / sample
                + " firstThousandMedianNanos=" + firstEach[sample / 2]
                + " lastThousandMedianNanos=" + lastEach[sample / 2];
    }

    static String heap() {
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return "OK usedBytes="
                + ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static String remove(String glob) {
        long start = System.nanoTime();
        int removed = Coordination.synchronizedRemove(glob);
        return "OK removed=" + removed + " millis=" + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    static String falseContention(int threads, long seconds) throws Exception {
        AtomicLong tries = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            Future<?>[] runs = new Future<?>[threads];
            for (int t = 0; t < threads; t++) {
                String prefix = "false-" + t + "-";
                runs[t] = pool.submit(() -> {
                    for (int i = 0; System.nanoTime() < end; i++) {
                        DistributedLock lock = Coordination.getLock(prefix + i);
                        tries.incrementAndGet();
                        if (!lock.tryLock()) {
                            refused.incrementAndGet(); // a never-used name: only its stripe can be held
                            continue;
                        }
                        try {
                            TimeUnit.MILLISECONDS.sleep(1); // the section's work
                        } finally {
                            lock.unlock();
                        }
                    }
                    return null;
                });
            }
            for (Future<?> run : runs) {
                run.get(seconds + 60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        return "OK tries=" + tries.get() + " refused=" + refused.get();
    }
}
