package dev.coordination.agent.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.lock.FencedLock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The session-aware Hazelcast proxy a stripe's CP lock is driven through, looked up again when its
 * CP group no longer exists: the whole lock cluster was restarted (a client outlives its members;
 * the new CP subsystem has new groups) or its CP subsystem was reset ({@code ClientModeIT}). Holds
 * in the old group are gone with it. Agent jar, system class loader.
 */
final class StripeProxy {

    /** Shortest time between two look-ups of a name whose CP group is gone. */
    static final long LOOK_UP_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final String fullName;
    private final HazelcastInstance instance;
    private final CallFailures failures;
    /** Replaced only when its CP group is gone ({@link #lookUpAgain}). */
    private volatile FencedLock lock;

    private final ReentrantLock lookingUp = new ReentrantLock();
    /** When {@link #lookUpAgain} last looked the name up ({@code System.nanoTime()}); guarded by lookingUp. */
    private long lookedUpNanos = System.nanoTime() - LOOK_UP_PAUSE_NANOS;

    StripeProxy(String fullName, HazelcastInstance instance, FencedLock proxy, CallFailures failures) {
        this.fullName = fullName;
        this.instance = instance;
        this.failures = failures;
        this.lock = FencedLockCalls.sessionAware(proxy);
    }

    /** The proxy to call now. */
    FencedLock current() {
        return lock;
    }

    /**
     * {@code stale}'s CP group no longer exists: looks the name up again, unless another thread did
     * since. A new CP subsystem may answer "destroyed" for a while as it settles, so look-ups are
     * repeated, a pause apart, until the caller's {@code deadline} ({@code System.nanoTime()}).
     *
     * @param nanos the caller's whole bound, for messages
     */
    void lookUpAgain(FencedLock stale, long deadline, long nanos, Throwable cause) throws InterruptedException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw failures.unavailable(
                    "lock \"" + fullName + "\" is in a CP group that no longer exists, and no new one"
                            + " answered in time (was the lock cluster restarted?)",
                    nanos,
                    cause);
        }
        if (!lookingUp.tryLock(left, TimeUnit.NANOSECONDS)) {
            throw failures.unavailable(
                    "another thread is still looking up lock \"" + fullName + "\" again", nanos, cause);
        }
        try {
            if (lock != stale) {
                return; // another thread looked it up already
            }
            long pause = LOOK_UP_PAUSE_NANOS - (System.nanoTime() - lookedUpNanos);
            if (pause > 0) {
                TimeUnit.NANOSECONDS.sleep(Math.min(pause, Math.max(0, deadline - System.nanoTime())));
            }
            FencedLock fresh = CpCalls.bounded(
                    () -> instance.getCPSubsystem().getLock(fullName),
                    Math.max(0, deadline - System.nanoTime()),
                    "look up lock \"" + fullName
                            + "\" again (its CP group no longer exists: was the lock cluster restarted?)",
                    failures.outage());
            lookedUpNanos = System.nanoTime();
            lock = FencedLockCalls.sessionAware(fresh);
        } finally {
            lookingUp.unlock();
        }
    }
}
