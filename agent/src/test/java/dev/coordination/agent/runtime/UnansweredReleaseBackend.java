package dev.coordination.agent.runtime;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An {@link InMemoryLockBackend} whose cluster stops answering for chosen names: a release of such
 * a name is applied, but its answer never comes (a release waits for it up to the backend's own
 * no-answer bound), and an acquire of such a name fails as unreachable. As a Hazelcast CP group or
 * a ZooKeeper ensemble behaves once it is cut off after a call took its first name. A release with a
 * bound of its own waits for the answer that long only, as the real backends' do.
 */
final class UnansweredReleaseBackend implements LockBackend {

    /** How long a release without a bound of its own waits for the answer that never comes. */
    static final long NO_ANSWER_MILLIS = 10_000;

    private final InMemoryLockBackend memory;
    private final Set<Integer> silentReleases = ConcurrentHashMap.newKeySet();
    private final Set<Integer> unreachable = ConcurrentHashMap.newKeySet();
    /** Never counted down: the answer that does not come. */
    private final CountDownLatch answer = new CountDownLatch(1);

    UnansweredReleaseBackend(InMemoryLockBackend memory) {
        this.memory = memory;
    }

    /** Releases of {@code name} get no answer from now on. */
    void silenceReleases(String name) {
        silentReleases.add(stripes().of(name));
    }

    /** Acquires of {@code name} fail from now on, as a cluster that stopped answering would make them. */
    void cutOff(String name) {
        unreachable.add(stripes().of(name));
    }

    @Override
    public LockStripes stripes() {
        return memory.stripes();
    }

    @Override
    public StripeLock lock(int stripe, long readyWaitNanos) throws InterruptedException {
        return new Silenced(stripe, memory.lock(stripe, readyWaitNanos));
    }

    @Override
    public void nameUsed(String fullName) {
        memory.nameUsed(fullName);
    }

    @Override
    public int removeNames(String prefix, Glob glob) throws InterruptedException {
        return memory.removeNames(prefix, glob);
    }

    @Override
    public String memberId() {
        return memory.memberId();
    }

    @Override
    public boolean isReady() {
        return memory.isReady();
    }

    @Override
    public String status() {
        return memory.status();
    }

    @Override
    public String refusal() {
        return memory.refusal();
    }

    @Override
    public String clusterMode() {
        return memory.clusterMode();
    }

    @Override
    public void start() {}

    @Override
    public void stop() {}

    private final class Silenced implements StripeLock {
        private final int stripe;
        private final StripeLock lock;

        Silenced(int stripe, StripeLock lock) {
            this.stripe = stripe;
            this.lock = lock;
        }

        @Override
        public String name() {
            return lock.name();
        }

        @Override
        public long acquire(Deadline deadline, long startNanos, long nameTag) throws InterruptedException {
            if (unreachable.contains(stripe)) {
                throw new BackendUnavailableException("the test's cluster stopped answering", null);
            }
            return lock.acquire(deadline, startNanos, nameTag);
        }

        @Override
        public Holder holder(long nameTag, long boundNanos) {
            return lock.holder(nameTag, boundNanos);
        }

        @Override
        public void release() {
            lock.release();
            if (silentReleases.contains(stripe)) {
                awaitAnswer(TimeUnit.MILLISECONDS.toNanos(NO_ANSWER_MILLIS));
            }
        }

        /** As a real backend does: the release waits for its answer at most {@code boundNanos}. */
        @Override
        public void releaseWithin(long boundNanos) {
            lock.release();
            if (silentReleases.contains(stripe)) {
                awaitAnswer(boundNanos);
            }
        }

        private void awaitAnswer(long nanos) {
            boolean interrupted = false;
            long end = System.nanoTime() + nanos;
            try {
                while (true) {
                    try {
                        if (answer.await(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                            return;
                        }
                        throw new BackendUnavailableException(
                                "the test's cluster gave no answer to the release within "
                                        + TimeUnit.NANOSECONDS.toMillis(nanos) + " ms",
                                null);
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
