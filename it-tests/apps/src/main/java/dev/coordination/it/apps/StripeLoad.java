package dev.coordination.it.apps;

import dev.coordination.Coordination;
import dev.coordination.DistributedLock;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What lock stripes cost, as the {@code stripes} benchmark group measures it:
 * <ul>
 *   <li>{@code HOLDERS PREFIX COUNT HOLD_MILLIS}: COUNT threads, each holding one name at a time
 *       (a fresh one each round: PREFIX-THREAD-ROUND) for HOLD_MILLIS, started a fraction of the
 *       hold apart, so that COUNT names are held at any moment; replies once every thread holds its
 *       first name;
 *   <li>{@code HOLDERSTOP}: stops them and replies how many names they took;
 *   <li>{@code TRYFREE PREFIX N}: {@code tryLock()} on N never-used names (freed when taken);
 *       replies how many were refused: only a held name on the same stripe can refuse one;
 *   <li>{@code LOCKFREE PREFIX N}: {@code lock()} on N never-used names, one after another; replies
 *       the mean, median, 99th percentile and longest time to the lock, and how many took 10 ms or
 *       more;
 *   <li>{@code COVER PREFIX STRIPES}: takes and frees one name on every stripe this JVM's agent maps names
 *       onto (found by asking the agent's own mapping; STRIPES is its {@code coordination.lock-stripes}),
 *       so that every stripe's CP lock exists.
 * </ul>
 */
final class StripeLoad {

    private final List<Thread> holders = new ArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong taken = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    synchronized String startHolders(String prefix, int count, long holdMillis) throws InterruptedException {
        if (!holders.isEmpty()) {
            return "ERR holders already run";
        }
        stop.set(false);
        taken.set(0);
        failures.set(0);
        CountDownLatch holding = new CountDownLatch(count);
        long stagger = TimeUnit.MILLISECONDS.toNanos(holdMillis) / Math.max(1, count);
        for (int t = 0; t < count; t++) {
            String own = prefix + "-" + t + "-";
            long delay = stagger * t;
            Thread thread = new Thread(() -> hold(own, delay, holdMillis, holding), "stripe-holder-" + t);
            thread.setDaemon(true);
            holders.add(thread);
            thread.start();
        }
        if (!holding.await(120 + holdMillis / 1000, TimeUnit.SECONDS)) {
            return "ERR only " + (count - holding.getCount()) + " of " + count + " holders hold a name";
        }
        return "OK holders=" + count + " holdMillis=" + holdMillis;
    }

    private void hold(String prefix, long delayNanos, long holdMillis, CountDownLatch holding) {
        try {
            TimeUnit.NANOSECONDS.sleep(delayNanos); // staggers the rounds of the holders
            for (long round = 0; !stop.get(); round++) {
                DistributedLock lock = Coordination.getLock(prefix + round);
                lock.lock();
                try {
                    taken.incrementAndGet();
                    if (round == 0) {
                        holding.countDown();
                    }
                    TimeUnit.MILLISECONDS.sleep(holdMillis); // the held section's work
                } finally {
                    lock.unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            System.err.println("stripe holder failed: " + e);
        }
    }

    synchronized String stopHolders() throws InterruptedException {
        stop.set(true);
        for (Thread thread : holders) {
            thread.interrupt();
        }
        for (Thread thread : holders) {
            thread.join(TimeUnit.SECONDS.toMillis(60));
            if (thread.isAlive()) {
                return "ERR " + thread.getName() + " did not stop within 60 s";
            }
        }
        holders.clear();
        return "OK taken=" + taken.get() + " failures=" + failures.get();
    }

    static String tryFree(String prefix, int count) {
        int refused = 0;
        for (int i = 0; i < count; i++) {
            DistributedLock lock = Coordination.getLock(prefix + i);
            if (lock.tryLock()) {
                lock.unlock();
            } else {
                refused++;
            }
        }
        return "OK tries=" + count + " refused=" + refused;
    }

    static String lockFree(String prefix, int count) {
        long[] took = new long[count];
        int slow = 0;
        long total = 0;
        for (int i = 0; i < count; i++) {
            DistributedLock lock = Coordination.getLock(prefix + i);
            long start = System.nanoTime();
            lock.lock();
            took[i] = System.nanoTime() - start;
            lock.unlock();
            total += took[i];
            if (took[i] >= TimeUnit.MILLISECONDS.toNanos(10)) {
                slow++;
            }
        }
        Arrays.sort(took);
        return "OK calls=" + count + " meanMicros=" + total / count / 1000 + " p50Micros=" + took[count / 2] / 1000
                + " p99Micros=" + took[count * 99 / 100] / 1000 + " maxMicros=" + took[count - 1] / 1000
                + " over10ms=" + slow;
    }

    /**
     * One name on each stripe, found through the agent's own {@code LockStripes} (the agent jar is on
     * the system class path); the count is the agent's {@code coordination.lock-stripes}.
     */
    static String cover(String prefix, int stripes) throws Exception {
        Class<?> type = Class.forName("dev.coordination.agent.runtime.LockStripes");
        Constructor<?> make = type.getConstructor(int.class);
        Object mapping = make.newInstance(stripes);
        Method of = type.getMethod("of", String.class);
        String[] names = new String[stripes];
        int found = 0;
        for (long i = 0; found < stripes; i++) {
            String name = prefix + i;
            int stripe = (Integer) of.invoke(mapping, name);
            if (names[stripe] == null) {
                names[stripe] = name;
                found++;
            }
        }
        long start = System.nanoTime();
        for (String name : names) {
            DistributedLock lock = Coordination.getLock(name);
            lock.lock();
            lock.unlock();
        }
        return "OK stripes=" + stripes + " millis=" + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
