package dev.coordination.agent.runtime;

import dev.coordination.agent.template.Glob;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A {@link LockBackend} in the test JVM's memory: one thread-owned lock per name, deliberately not
 * reentrant (the runtime must count reentrant holds itself, so a second acquire by the owner fails
 * the test), with fences that only grow. Records every successful acquire and every release in
 * order, and can be told to be unreachable or to report a lock lost on release.
 */
final class InMemoryLockBackend implements LockBackend {

    private final Map<String, MemoryLock> locks = new ConcurrentHashMap<>();
    private final List<String> calls = new ArrayList<>();
    private final Set<String> losing = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> slow = new ConcurrentHashMap<>();
    private final Map<String, List<Long>> waits = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> waiters = new ConcurrentHashMap<>();
    private final Set<String> used = ConcurrentHashMap.newKeySet();
    private final boolean striped;
    private volatile boolean unavailable;
    private volatile String refusal;

    /** One lock per name. */
    InMemoryLockBackend() {
        this(false);
    }

    /** With {@code striped}, one lock per stripe as the real backend has, reentrant for its owner. */
    InMemoryLockBackend(boolean striped) {
        this.striped = striped;
    }

    @Override
    public BackendLock lock(String fullName, int stripe, long readyWaitNanos) {
        if (unavailable) {
            throw new BackendUnavailableException("in-memory backend told to be unreachable", null);
        }
        return locks.computeIfAbsent(striped ? "stripe-" + stripe : fullName, MemoryLock::new);
    }

    @Override
    public void nameUsed(String fullName) {
        used.add(fullName);
    }

    @Override
    public int removeNames(String prefix, Glob glob) {
        int removed = 0;
        for (String name : used) {
            if (name.startsWith(prefix) && glob.matches(name.substring(prefix.length())) && used.remove(name)) {
                removed++;
            }
        }
        return removed;
    }

    /** The names recorded as used and not removed. */
    Set<String> usedNames() {
        return Set.copyOf(used);
    }

    @Override
    public String memberId() {
        return "in-memory";
    }

    @Override
    public boolean isReady() {
        return !unavailable;
    }

    @Override
    public String status() {
        return unavailable ? "unreachable" : "running";
    }

    @Override
    public String refusal() {
        return refusal;
    }

    @Override
    public String clusterMode() {
        return refusal == null ? "in memory" : "in memory, refusing";
    }

    @Override
    public void start() {}

    @Override
    public void stop() {}

    void makeUnavailable() {
        unavailable = true;
    }

    /** From now on every acquire is refused for {@code why}, as an unsafe cluster's would be; {@code null} ends it. */
    void refuse(String why) {
        refusal = why;
    }

    /** The next release of {@code fullName} frees it but reports it lost, as an expired session would. */
    void loseOnRelease(String fullName) {
        losing.add(fullName);
    }

    /** Each acquire of {@code fullName} first takes this long, as a slow cluster would. */
    void slowAcquire(String fullName, long millis) {
        slow.put(fullName, TimeUnit.MILLISECONDS.toNanos(millis));
    }

    /** The wait, in nanoseconds, of every attempt on {@code fullName}, in order. */
    List<Long> requestedWaits(String fullName) {
        List<Long> requested = waits.getOrDefault(fullName, List.of());
        synchronized (requested) {
            return List.copyOf(requested);
        }
    }

    /** Waits (at most 10 seconds) until some thread blocks waiting for {@code fullName}. */
    boolean awaitWaiter(String fullName) throws InterruptedException {
        return waiter(fullName).await(10, TimeUnit.SECONDS);
    }

    private CountDownLatch waiter(String fullName) {
        return waiters.computeIfAbsent(fullName, name -> new CountDownLatch(1));
    }

    /** {@code "acquire NAME"} and {@code "release NAME"}, in the order they happened. */
    List<String> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** The names of the locks someone holds now. */
    List<String> heldNames() {
        List<String> held = new ArrayList<>();
        locks.forEach((name, lock) -> {
            if (lock.owner() != null) {
                held.add(name);
            }
        });
        return held;
    }

    private void record(String call) {
        synchronized (calls) {
            calls.add(call);
        }
    }

    private final class MemoryLock implements BackendLock {
        private final String fullName;
        private Thread owner;
        private int holds;
        private long fence;

        MemoryLock(String fullName) {
            this.fullName = fullName;
        }

        @Override
        public String name() {
            return fullName;
        }

        synchronized Thread owner() {
            return owner;
        }

        @Override
        public synchronized long tryAcquire(long waitNanos, long answerNanos) {
            if (unavailable) {
                throw new BackendUnavailableException("in-memory backend told to be unreachable", null);
            }
            List<Long> requested = waits.computeIfAbsent(fullName, name -> new ArrayList<>());
            synchronized (requested) {
                requested.add(waitNanos);
            }
            simulateLatency();
            if (owner == Thread.currentThread() && striped) {
                holds++;
                record("acquire " + fullName);
                return fence;
            }
            if (owner == Thread.currentThread()) {
                throw new AssertionError("lock \"" + fullName + "\" acquired twice by " + owner
                        + ": the runtime must count reentrant holds itself");
            }
            long deadline = System.nanoTime() + Math.max(waitNanos, 0);
            while (owner != null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return 0;
                }
                try {
                    waiter(fullName).countDown();
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    // Like Hazelcast: the wait ends, the caller notices the flag.
                    Thread.currentThread().interrupt();
                    return 0;
                }
            }
            owner = Thread.currentThread();
            holds = 1;
            record("acquire " + fullName);
            return ++fence;
        }

        private void simulateLatency() {
            Long latency = slow.get(fullName);
            if (latency != null) {
                try {
                    TimeUnit.NANOSECONDS.sleep(latency);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public synchronized void release() {
            if (owner != Thread.currentThread()) {
                throw new IllegalMonitorStateException("lock \"" + fullName + "\" is held by " + owner
                        + ", not by " + Thread.currentThread());
            }
            if (--holds > 0) {
                record("release " + fullName);
                return;
            }
            owner = null;
            notifyAll();
            record("release " + fullName);
            if (losing.remove(fullName)) {
                throw new BackendLockLostException(
                        "in-memory backend reports \"" + fullName + "\" lost", null);
            }
        }
    }
}
