package dev.coordination.agent.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.OperationTimeoutException;
import com.hazelcast.cp.exception.CPGroupDestroyedException;
import com.hazelcast.cp.internal.datastructures.exception.WaitKeyCancelledException;
import com.hazelcast.cp.internal.datastructures.lock.LockOwnershipState;
import com.hazelcast.cp.internal.session.SessionExpiredException;
import com.hazelcast.cp.lock.FencedLock;
import com.hazelcast.internal.util.UuidUtil;
import com.hazelcast.spi.impl.InternalCompletableFuture;
import dev.coordination.agent.runtime.Deadline;
import dev.coordination.agent.runtime.LockTimings;
import dev.coordination.agent.runtime.StripeLock;
import dev.coordination.agent.runtime.BackendLockLostException;
import dev.coordination.agent.runtime.BackendUnavailableException;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A Hazelcast CP {@link FencedLock} (one lock stripe), driven through its asynchronous calls ({@link
 * FencedLockCalls}) so that no call waits longer than its caller allows, even when the CP group
 * has lost its majority. Keeps, like Hazelcast's own proxy, the CP session each thread's holds
 * belong to: a different session at release time means the hold was lost. A thread may hold a
 * stripe several times over (several of its names), each hold released on its own. Works alike on
 * a member's proxy and a client's; a client that outlived a restart of the whole lock cluster finds
 * its lock's CP group gone and looks the name up again ({@code ClientModeIT}).
 *
 * <p>Calls leave nothing behind in the lock's state in the CP group, which keeps an entry for every
 * call that ended without the lock until its endpoint next frees the lock (hazelcast#17709): they are
 * made under a few reused thread ids ({@link Lanes}) instead of the callers' own; a request that
 * waited in vain is withdrawn ({@link Withdrawal}) rather than left to expire; and a call that does
 * not wait asks who holds the lock first while the lock was lately found held ({@code SoakIT}).
 */
final class HazelcastLock implements StripeLock {

    /** Shortest time between two look-ups of a name whose CP group is gone ({@link #lookUpAgain}). */
    static final long LOOK_UP_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final String fullName;
    private final HazelcastInstance instance;
    /** Replaced only when its CP group is gone ({@link #lookUpAgain}). */
    private volatile FencedLock lock;
    private final ReentrantLock lookingUp = new ReentrantLock();
    /** Why every acquire is refused now, or null ({@code ClusterConnection#refusal()}). */
    private final Supplier<String> refusal;
    /** When {@link #lookUpAgain} last looked the name up ({@code System.nanoTime()}). */
    private long lookedUpNanos = System.nanoTime() - LOOK_UP_PAUSE_NANOS;
    private final CpSessions sessions;
    private final CallFailures failures;
    private final Lanes lanes = new Lanes();
    /**
     * A call that did not wait found the lock held, and none has got it since: the next such call
     * asks who holds it first, since a refused one would leave an entry behind.
     */
    private volatile boolean foundHeld;
    /**
     * Only a thread itself adds or removes its entry. Keyed by the thread itself, whose identity
     * hash needs no boxing (a {@code Long} id cost an allocation per look-up).
     */
    private final ConcurrentMap<Thread, LaneHolds> holdsByThread = new ConcurrentHashMap<>();

    HazelcastLock(String fullName, HazelcastInstance instance, FencedLock proxy, CpSessions sessions,
            CallFailures failures, Supplier<String> refusal) {
        this.fullName = fullName;
        this.refusal = refusal;
        this.instance = instance;
        this.lock = FencedLockCalls.sessionAware(proxy);
        this.sessions = sessions;
        this.failures = failures;
    }

    @Override
    public String name() {
        return fullName;
    }

    /** Whether anybody holds this lock now (a bounded remote call). */
    boolean isLocked() throws InterruptedException {
        return CpCalls.bounded(lock::isLocked, LockTimings.UNANSWERED_NANOS, "ask whether \"" + fullName + "\" is held",
                failures.outage());
    }

    /** Lanes taken now: threads that hold or wait for this lock, and calls still being settled. */
    int lanesInUse() {
        return lanes.inUse();
    }

    /**
     * Requests of at most {@link LockTimings#REQUEST_WAIT_NANOS} each, until the deadline; between
     * them an interrupt ends the wait, and so does a refusal that began while the call waited (a
     * second member joined an unsafe-mode cluster).
     */
    @Override
    public long acquire(Deadline deadline, long startNanos) throws InterruptedException {
        if (!deadline.waits()) {
            return attempt(0, Math.max(0, startNanos + LockTimings.NO_WAIT_ANSWER_NANOS - System.nanoTime()));
        }
        while (true) {
            // Unbounded waits need no clock reading (one per request, on every call).
            long remaining = deadline.bounded() ? deadline.remainingNanos(System.nanoTime()) : Long.MAX_VALUE;
            long wait = Math.min(remaining, LockTimings.REQUEST_WAIT_NANOS);
            // A call with a timeout gives the cluster no more than its timeout to answer.
            long answer = deadline.bounded() ? remaining + LockTimings.ANSWER_GRACE_NANOS
                    : wait + LockTimings.UNANSWERED_NANOS;
            long fence = attempt(wait, answer);
            if (fence != 0) {
                return fence;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for lock \"" + fullName + "\"");
            }
            String refused = refusal.get();
            if (refused != null) {
                throw new BackendUnavailableException(refused, null);
            }
            if (deadline.bounded() && deadline.remainingNanos(System.nanoTime()) == 0) {
                return 0;
            }
        }
    }

    /** One request, waiting at most {@code waitNanos} for the lock and {@code answerNanos} for answers. */
    private long attempt(long waitNanos, long answerNanos) throws InterruptedException {
        Thread self = Thread.currentThread();
        LaneHolds mine = holdsByThread.get(self);
        long lane = mine != null ? mine.lane : lanes.take();
        boolean kept = false;
        try {
            long fence = acquire(mine, lane, waitNanos, answerNanos);
            kept = fence != 0 && mine == null;
            return fence;
        } finally {
            if (mine == null && !kept) {
                lanes.give(lane);
            }
        }
    }

    /**
     * One request for the lock under {@code lane}, waiting at most {@code waitNanos} for it, and at
     * most {@code answerNanos} for the CP group's answers. A request that may still be granted
     * after this returns is settled in the background, with a use of the lane of its own.
     */
    private long acquire(LaneHolds mine, long lane, long waitNanos, long answerNanos) throws InterruptedException {
        UUID invocation = UuidUtil.newUnsecureUUID();
        long deadline = System.nanoTime() + answerNanos;
        boolean sessionRenewed = false;
        while (true) {
            FencedLock proxy = lock;
            long sessionId;
            try {
                sessionId = acquireSession(proxy, deadline, answerNanos);
            } catch (CPGroupDestroyedException e) {
                lookUpAgain(proxy, deadline, answerNanos, e);
                continue;
            }
            // This thread holds the lock already (several names on one stripe): granted at once, never waits.
            boolean holding = mine != null && mine.sessionId == sessionId;
            long waitMillis = holding ? 0 : TimeUnit.NANOSECONDS.toMillis(Math.max(0, waitNanos));
            long withdrawMargin = TimeUnit.NANOSECONDS.toMillis(LockTimings.WITHDRAW_MARGIN_NANOS);
            if (waitMillis == 0 && !holding && foundHeld && heldElsewhere(proxy, deadline, answerNanos)) {
                FencedLockCalls.releaseSession(proxy, sessionId);
                return 0;
            }
            InternalCompletableFuture<Long> call;
            try {
                call = FencedLockCalls.tryLock(proxy, sessionId, lane, invocation,
                        waitMillis == 0 ? 0 : waitMillis + withdrawMargin);
            } catch (RuntimeException e) {
                FencedLockCalls.releaseSession(proxy, sessionId);
                throw failures.unavailable("could not send the lock request", e);
            }
            long fence;
            try {
                fence = awaitInterruptibly(call, waitMillis == 0 ? deadline - System.nanoTime()
                        : Math.min(waitNanos, deadline - System.nanoTime()), waitMillis == 0);
            } catch (TimeoutException e) {
                if (waitMillis == 0) {
                    abandon(proxy, call, sessionId, lane);
                    throw failures.unavailable("no answer from the CP group within " + CallFailures.seconds(answerNanos)
                            + " (has it lost the majority of its CP members?)", answerNanos, e);
                }
                // Not granted within the wait: withdrawn, and the group's answer shows it is alive.
                awaitAnswer(withdraw(proxy, call, sessionId, lane), deadline, answerNanos);
                return 0;
            } catch (InterruptedException e) {
                if (waitMillis == 0) {
                    abandon(proxy, call, sessionId, lane);
                } else {
                    withdraw(proxy, call, sessionId, lane);
                }
                throw e;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                FencedLockCalls.releaseSession(proxy, sessionId);
                if (cause instanceof OperationTimeoutException && System.nanoTime() < deadline) {
                    // The member asked hangs; the same request (same invocation id, so granted at
                    // most once) goes to the new leader.
                    continue;
                }
                if (cause instanceof SessionExpiredException && !sessionRenewed) {
                    // As Hazelcast's proxy does: the session ended; this thread held nothing in it.
                    // A client whose whole cluster restarted sees this too: its old session is gone.
                    FencedLockCalls.invalidateSession(proxy, sessionId);
                    sessionRenewed = true;
                    continue;
                }
                if (cause instanceof CPGroupDestroyedException) {
                    lookUpAgain(proxy, deadline, answerNanos, cause);
                    continue;
                }
                if (cause instanceof WaitKeyCancelledException) {
                    return 0;
                }
                throw failures.unavailable("the lock request failed", cause);
            }
            if (fence == FencedLock.INVALID_FENCE) {
                FencedLockCalls.releaseSession(proxy, sessionId);
                if (waitMillis == 0 && !holding) {
                    foundHeld = true;
                }
                return 0;
            }
            foundHeld = false;
            if (mine == null) {
                holdsByThread.put(Thread.currentThread(), new LaneHolds(lane, sessionId));
            } else {
                mine.add(sessionId);
            }
            return fence;
        }
    }

    /**
     * Whether another endpoint holds the lock now, asked without a lock request: a refused request
     * leaves an entry in the lock's state, a question does not (one more round trip, taken only
     * while the lock was lately found held). When the question fails, the request will say.
     */
    private boolean heldElsewhere(FencedLock proxy, long deadline, long answerNanos) throws InterruptedException {
        try {
            LockOwnershipState owner = FencedLockCalls.ownership(proxy)
                    .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return owner.isLocked();
        } catch (TimeoutException e) {
            throw failures.unavailable("no answer from the CP group within " + CallFailures.seconds(answerNanos)
                    + " (has it lost the majority of its CP members?)", answerNanos, e);
        } catch (ExecutionException | RuntimeException e) {
            return false;
        }
    }

    /** Withdraws a request that waits under {@code lane} in a session where this thread held nothing. */
    private CompletableFuture<Void> withdraw(FencedLock proxy, InternalCompletableFuture<Long> call, long sessionId,
            long lane) {
        lanes.retain(lane);
        return Withdrawal.start(fullName, proxy, sessionId, lane, call, () -> {
            FencedLockCalls.releaseSession(proxy, sessionId);
            lanes.give(lane);
        });
    }

    /** Waits for the CP group to answer a withdrawal; it must, by the caller's deadline. */
    private void awaitAnswer(CompletableFuture<Void> answered, long deadline, long answerNanos)
            throws InterruptedException {
        try {
            answered.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw failures.unavailable("no answer from the CP group within " + CallFailures.seconds(answerNanos)
                    + " (has it lost the majority of its CP members?)", answerNanos, e);
        } catch (ExecutionException e) {
            throw failures.unavailable("the lock request could not be withdrawn", e.getCause());
        }
    }

    /**
     * The lock's CP group no longer exists: the whole lock cluster was restarted (a client outlives
     * its members; the new CP subsystem has new groups) or its CP subsystem was reset. A fresh
     * look-up finds the group the name lives in now; holds in the old one are gone with it. A new
     * CP subsystem may answer "destroyed" for a while as it settles, so look-ups are repeated, a
     * pause apart, until the caller's deadline.
     */
    private void lookUpAgain(FencedLock stale, long deadline, long nanos, Throwable cause) throws InterruptedException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw failures.unavailable("lock \"" + fullName + "\" is in a CP group that no longer exists, and no new one"
                    + " answered in time (was the lock cluster restarted?)", nanos, cause);
        }
        if (!lookingUp.tryLock(left, TimeUnit.NANOSECONDS)) {
            throw failures.unavailable("another thread is still looking up lock \"" + fullName + "\" again", nanos, cause);
        }
        try {
            if (lock != stale) {
                return; // another thread looked it up already
            }
            long pause = LOOK_UP_PAUSE_NANOS - (System.nanoTime() - lookedUpNanos);
            if (pause > 0) {
                TimeUnit.NANOSECONDS.sleep(Math.min(pause, Math.max(0, deadline - System.nanoTime())));
            }
            FencedLock fresh = CpCalls.bounded(() -> instance.getCPSubsystem().getLock(fullName),
                    Math.max(0, deadline - System.nanoTime()), "look up lock \"" + fullName
                            + "\" again (its CP group no longer exists: was the lock cluster restarted?)", failures.outage());
            lookedUpNanos = System.nanoTime();
            lock = FencedLockCalls.sessionAware(fresh);
        } finally {
            lookingUp.unlock();
        }
    }

    /**
     * Counts one more use of this JVM's CP session, opening one first (bounded, on a daemon thread)
     * when Hazelcast would otherwise open it inside the lock call, unbounded ({@link CpSessions}).
     */
    private long acquireSession(FencedLock proxy, long deadline, long nanos) throws InterruptedException {
        while (true) {
            try {
                sessions.ensure(proxy, deadline, nanos, failures.outage());
                return FencedLockCalls.acquireSession(proxy);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof CPGroupDestroyedException) {
                    throw (CPGroupDestroyedException) cause;
                }
                if (!(cause instanceof OperationTimeoutException) || System.nanoTime() >= deadline) {
                    throw failures.unavailable("could not open a CP session", cause);
                }
                // a hung member timed the request out: asked again, of the new leader
            } catch (CPGroupDestroyedException e) {
                throw e;
            } catch (BackendUnavailableException e) {
                throw e;
            } catch (RuntimeException e) {
                throw failures.unavailable("could not open a CP session", e);
            }
        }
    }

    /**
     * A request we stopped waiting for, which cannot be withdrawn (it did not wait, or this thread
     * held the lock already), may still be granted: then give that grant straight back, so nothing
     * stays held for nobody.
     */
    private void abandon(FencedLock proxy, InternalCompletableFuture<Long> call, long sessionId, long lane) {
        lanes.retain(lane);
        Runnable done = () -> {
            FencedLockCalls.releaseSession(proxy, sessionId);
            lanes.give(lane);
        };
        call.whenComplete((fence, error) -> {
            if (error == null && fence != null && fence != FencedLock.INVALID_FENCE) {
                PendingReleases.retry(fullName, proxy, sessionId, lane, UuidUtil.newUnsecureUUID(), done);
            } else {
                done.run();
            }
        });
    }

    @Override
    public void release() {
        FencedLock proxy = lock;
        Thread self = Thread.currentThread();
        LaneHolds mine = holdsByThread.get(self);
        if (mine == null) {
            throw new BackendLockLostException("this thread holds no hold of \"" + fullName + "\"", null);
        }
        long sessionId = mine.sessionId;
        long lane = mine.lane;
        boolean lostEarlier = mine.releaseOne();
        boolean last = mine.count == 0;
        if (last) {
            holdsByThread.remove(self);
        }
        Runnable done = () -> {
            FencedLockCalls.releaseSession(proxy, sessionId);
            if (last) {
                lanes.give(lane);
            }
        };
        if (lostEarlier) {
            done.run();
            throw new BackendLockLostException("the CP session that held \"" + fullName + "\" for this hold"
                    + " was closed by the CP group while it was held", null);
        }
        if (FencedLockCalls.session(proxy) != sessionId) {
            done.run();
            throw new BackendLockLostException("the CP session " + sessionId + " that held \"" + fullName
                    + "\" was closed by the CP group (missed heartbeats for longer than the session TTL)", null);
        }
        UUID invocation = UuidUtil.newUnsecureUUID();
        long begin = System.nanoTime();
        while (true) {
            InternalCompletableFuture<Boolean> call;
            try {
                call = FencedLockCalls.unlock(proxy, sessionId, lane, invocation);
            } catch (RuntimeException e) {
                PendingReleases.retry(fullName, proxy, sessionId, lane, invocation, done);
                throw failures.unavailable("could not send the unlock request; it is sent again in the background", e);
            }
            try {
                awaitUninterruptibly(call, begin, LockTimings.UNANSWERED_NANOS);
                done.run();
                return;
            } catch (TimeoutException e) {
                PendingReleases.retry(fullName, proxy, sessionId, lane, invocation, done);
                throw failures.unavailable("no answer to the unlock from the CP group within "
                        + CallFailures.seconds(LockTimings.UNANSWERED_NANOS) + "; it is sent again in the background until the"
                        + " CP group answers", LockTimings.UNANSWERED_NANOS, e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof OperationTimeoutException && System.nanoTime() - begin < LockTimings.UNANSWERED_NANOS) {
                    continue; // the member asked hangs; the same unlock (same invocation id) goes to the new leader
                }
                if (cause instanceof SessionExpiredException) {
                    FencedLockCalls.invalidateSession(proxy, sessionId);
                    done.run();
                    throw new BackendLockLostException("the CP session " + sessionId + " that held \"" + fullName
                            + "\" expired before the release", cause);
                }
                if (cause instanceof CPGroupDestroyedException) {
                    done.run();
                    throw new BackendLockLostException("the CP group that held \"" + fullName + "\" no longer"
                            + " exists (was the lock cluster restarted?)", cause);
                }
                if (cause instanceof IllegalMonitorStateException) {
                    done.run();
                    throw new BackendLockLostException("the CP group says this thread no longer holds \""
                            + fullName + "\": " + cause.getMessage(), cause);
                }
                PendingReleases.retry(fullName, proxy, sessionId, lane, invocation, done);
                throw failures.unavailable("the unlock request failed; it is sent again in the background", cause);
            }
        }
    }

    /**
     * Waits for a lock request's answer ({@code once}: of one that does not wait), noticing an
     * interrupt within {@link #LockTimings.INTERRUPT_CHECK_NANOS}.
     * Hazelcast's futures notice an interrupt only once their answer came ({@code
     * AbstractInvocationFuture.get}), and a request may wait 2 s for the lock: so the answer is
     * awaited in spells of Hazelcast's own wait, which wakes this thread directly when it comes (a
     * waiter under contention is answered within a spell; a longer one costs one TimeoutException
     * per spell). A client's future delegates to another, so a wake-up callback of our own could run
     * before the future it was registered on completes.
     */
    private static <T> T awaitInterruptibly(InternalCompletableFuture<T> call, long nanos, boolean once)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (once) {
            // A request that does not wait is answered at once, interrupted or not (as tryLock()).
            return call.get(Math.max(0, nanos), TimeUnit.NANOSECONDS);
        }
        long deadline = System.nanoTime() + nanos;
        while (true) {
            long left = deadline - System.nanoTime();
            try {
                return call.get(Math.max(0, Math.min(left, LockTimings.INTERRUPT_CHECK_NANOS)), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                if (left <= LockTimings.INTERRUPT_CHECK_NANOS) {
                    throw e;
                }
            }
        }
    }

    /**
     * A release must happen even on a thread whose interrupt flag the body set. Waits until {@code
     * nanos} after {@code begin} (a {@code System.nanoTime()} the caller read already).
     */
    private static <T> T awaitUninterruptibly(InternalCompletableFuture<T> call, long begin, long nanos)
            throws TimeoutException, ExecutionException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return call.get(Math.max(0, nanos - (System.nanoTime() - begin)), TimeUnit.NANOSECONDS);
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

    /**
     * One thread's holds of this lock: under which lane, how many, in which session, and how many of
     * the oldest were lost when their session ended (a later hold in a new session took the lock
     * afresh).
     */
    private static final class LaneHolds {
        /** The lane this thread holds the lock under; its use ends with the last hold. */
        final long lane;
        long sessionId;
        int count = 1;
        int lost;

        LaneHolds(long lane, long sessionId) {
            this.lane = lane;
            this.sessionId = sessionId;
        }

        void add(long session) {
            if (session != sessionId) {
                lost = count;
                sessionId = session;
            }
            count++;
        }

        /** Counts one release, newest hold first; {@code true} when that hold was lost. */
        boolean releaseOne() {
            count--;
            if (count < lost) {
                lost = count;
                return true;
            }
            return false;
        }
    }
}
