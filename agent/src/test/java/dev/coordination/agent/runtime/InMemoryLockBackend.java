package dev.coordination.agent.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A {@link LockBackend} in the test JVM's memory that behaves as the real one does ({@link
 * LockBackendContractTest} holds both to it): one lock per stripe, reentrant for its owning thread,
 * with fences that only grow. Records every successful acquire and every release in order, under the
 * name last used on that stripe ({@code "acquire volume-v2"}), and can be told to be unreachable, to
 * refuse every lock, to be slow, or to report a lock lost on release.
 */
public final class InMemoryLockBackend implements LockBackend {

    /** Fewer stripes than the real default, so that tests find names sharing one quickly. */
    static final LockStripes STRIPES = new LockStripes(4096);

    private final Map<Integer, MemoryLock> locks = new ConcurrentHashMap<>();
    private final List<Object[]> calls = new ArrayList<>();
    private final Set<Integer> losing = ConcurrentHashMap.newKeySet();
    private final Map<Integer, Long> slow = new ConcurrentHashMap<>();
    private final Map<Integer, List<Long>> waits = new ConcurrentHashMap<>();
    private final Map<Integer, CountDownLatch> waiters = new ConcurrentHashMap<>();
    private final Set<String> used = ConcurrentHashMap.newKeySet();
    /** Per stripe, the name last used on it, for the records; none when they should name stripes. */
    private final Map<Integer, String> labels;

    private final List<String> prefixes;
    private volatile boolean unavailable;
    private volatile String refusal;

    /** Records name the names used on each stripe; {@code prefixes}: those the runtimes under test add. */
    public InMemoryLockBackend(String... prefixes) {
        this.labels = new ConcurrentHashMap<>();
        this.prefixes = prefixes.length == 0 ? List.of("") : List.of(prefixes);
    }

    private InMemoryLockBackend(boolean byStripe) {
        this.labels = null;
        this.prefixes = List.of("");
    }

    /** Records name stripes ({@code "acquire stripe-7"}), for tests about stripes themselves. */
    static InMemoryLockBackend byStripe() {
        return new InMemoryLockBackend(true);
    }

    @Override
    public LockStripes stripes() {
        return STRIPES;
    }

    @Override
    public StripeLock lock(int stripe, long readyWaitNanos) {
        if (unavailable) {
            throw new BackendUnavailableException("in-memory backend told to be unreachable", null);
        }
        return locks.computeIfAbsent(stripe, MemoryLock::new);
    }

    @Override
    public void nameUsed(String fullName) {
        used.add(fullName);
        if (labels != null) {
            for (String prefix : prefixes) {
                if (fullName.startsWith(prefix)) {
                    labels.put(STRIPES.of(fullName.substring(prefix.length())), fullName);
                }
            }
        }
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

    /** The next release of {@code name}'s stripe frees it but reports it lost, as an expired session would. */
    void loseOnRelease(String name) {
        loseStripeOnRelease(STRIPES.of(name));
    }

    /** The next release of {@code stripe} frees it but reports it lost, as an expired session would. */
    void loseStripeOnRelease(int stripe) {
        losing.add(stripe);
    }

    /** Each acquire of {@code name}'s stripe first takes this long, as a slow cluster would. */
    void slowAcquire(String name, long millis) {
        slow.put(STRIPES.of(name), TimeUnit.MILLISECONDS.toNanos(millis));
    }

    /** How long each acquire of {@code name}'s stripe could wait, in nanoseconds, in order. */
    List<Long> requestedWaits(String name) {
        List<Long> requested = waits.getOrDefault(STRIPES.of(name), List.of());
        synchronized (requested) {
            return List.copyOf(requested);
        }
    }

    /** Waits (at most 10 seconds) until some thread blocks waiting for {@code name}'s stripe. */
    boolean awaitWaiter(String name) throws InterruptedException {
        return waiter(STRIPES.of(name)).await(10, TimeUnit.SECONDS);
    }

    private CountDownLatch waiter(int stripe) {
        return waiters.computeIfAbsent(stripe, key -> new CountDownLatch(1));
    }

    /** {@code "acquire NAME"} and {@code "release NAME"}, in the order they happened. */
    List<String> calls() {
        synchronized (calls) {
            List<String> named = new ArrayList<>(calls.size());
            for (Object[] call : calls) {
                named.add(call[0] + " " + label((Integer) call[1]));
            }
            return named;
        }
    }

    /** The names (or stripes) of the locks someone holds now. */
    List<String> heldNames() {
        List<String> held = new ArrayList<>();
        locks.forEach((stripe, lock) -> {
            if (lock.owner() != null) {
                held.add(label(stripe));
            }
        });
        return held;
    }

    private String label(int stripe) {
        String name = labels == null ? null : labels.get(stripe);
        return name == null ? "stripe-" + stripe : name;
    }

    private void record(String what, int stripe) {
        synchronized (calls) {
            calls.add(new Object[] {what, stripe});
        }
    }

    private final class MemoryLock implements StripeLock {
        private final int stripe;
        private Thread owner;
        private long ownerTag;
        private int holds;
        private long fence;

        MemoryLock(int stripe) {
            this.stripe = stripe;
        }

        @Override
        public String name() {
            return "stripe-" + stripe;
        }

        synchronized Thread owner() {
            return owner;
        }

        /** Waits as the real backend does: until the deadline, an interrupt, or a refusal. */
        @Override
        public synchronized long acquire(Deadline deadline, long startNanos, long nameTag) throws InterruptedException {
            if (unavailable) {
                throw new BackendUnavailableException("in-memory backend told to be unreachable", null);
            }
            List<Long> requested = waits.computeIfAbsent(stripe, key -> new ArrayList<>());
            synchronized (requested) {
                requested.add(deadline.remainingNanos(startNanos));
            }
            simulateLatency();
            if (owner == Thread.currentThread()) {
                holds++;
                record("acquire", stripe);
                return fence;
            }
            while (owner != null) {
                if (!deadline.waits()) {
                    return 0;
                }
                long left = deadline.remainingNanos(System.nanoTime());
                if (left <= 0) {
                    return 0;
                }
                waiter(stripe).countDown();
                TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
                if (refusal != null) {
                    throw new BackendUnavailableException(refusal, null);
                }
            }
            owner = Thread.currentThread();
            ownerTag = nameTag;
            holds = 1;
            record("acquire", stripe);
            return ++fence;
        }

        @Override
        public synchronized Holder holder(long nameTag, long boundNanos) {
            if (owner == null) {
                return Holder.NOBODY;
            }
            return ownerTag == nameTag ? Holder.SAME_NAME : Holder.OTHER_NAME;
        }

        private void simulateLatency() throws InterruptedException {
            Long latency = slow.get(stripe);
            if (latency != null) {
                TimeUnit.NANOSECONDS.sleep(latency);
            }
        }

        @Override
        public synchronized void release() {
            if (owner != Thread.currentThread()) {
                throw new IllegalMonitorStateException(
                        "lock \"" + name() + "\" is held by " + owner + ", not by " + Thread.currentThread());
            }
            record("release", stripe);
            if (--holds > 0) {
                return;
            }
            owner = null;
            notifyAll();
            if (losing.remove(stripe)) {
                throw new BackendLockLostException("in-memory backend reports \"" + label(stripe) + "\" lost", null);
            }
        }
    }
}
