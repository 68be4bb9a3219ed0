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
import dev.coordination.agent.runtime.BackendLockLostException;
import dev.coordination.agent.runtime.BackendUnavailableException;
import dev.coordination.agent.runtime.Deadline;
import dev.coordination.agent.runtime.LockTimings;
import dev.coordination.agent.runtime.StripeLock;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

    private final String fullName;
    private final StripeProxy proxy;
    /** Why every acquire is refused now, or null ({@code ClusterConnection#refusal()}). */
    private final Supplier<String> refusal;

    private final CpSessions sessions;
    private final FenceBase fenceBase;
    private final CallFailures failures;
    private final Lanes lanes = new Lanes();
    /** The fences granted here, to tell a fresh grant from a reentrant one on a lane with a leftover hold. */
    private final GrantedFences fences = new GrantedFences();
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

    HazelcastLock(
            String fullName,
            HazelcastInstance instance,
            FencedLock proxy,
            CpSessions sessions,
            FenceBase fenceBase,
            CallFailures failures,
            Supplier<String> refusal) {
        this.fullName = fullName;
        this.refusal = refusal;
        this.proxy = new StripeProxy(fullName, instance, proxy, failures);
        this.sessions = sessions;
        this.fenceBase = fenceBase;
        this.failures = failures;
    }

    @Override
    public String name() {
        return fullName;
    }

    /** Whether anybody holds this lock now (a bounded remote call). */
    boolean isLocked() throws InterruptedException {
        return CpCalls.bounded(
                proxy.current()::isLocked,
                LockTimings.UNANSWERED_NANOS,
                "ask whether \"" + fullName + "\" is held",
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
    public long acquire(Deadline deadline, long startNanos, long nameTag) throws InterruptedException {
        if (!deadline.waits()) {
            return attempt(0, Math.max(0, startNanos + LockTimings.NO_WAIT_ANSWER_NANOS - System.nanoTime()), nameTag);
        }
        while (true) {
            // Unbounded waits need no clock reading (one per request, on every call).
            long remaining = deadline.bounded() ? deadline.remainingNanos(System.nanoTime()) : Long.MAX_VALUE;
            long wait = Math.min(remaining, LockTimings.REQUEST_WAIT_NANOS);
            // A call with a timeout gives the cluster no more than its timeout to answer.
            long answer = deadline.bounded()
                    ? remaining + LockTimings.ANSWER_GRACE_NANOS
                    : wait + LockTimings.UNANSWERED_NANOS;
            long fence = attempt(wait, answer, nameTag);
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

    /**
     * One request, waiting at most {@code waitNanos} for the lock and {@code answerNanos} for answers;
     * asked again under another lane when the CP group still counted a hold under the first.
     */
    private long attempt(long waitNanos, long answerNanos, long nameTag) throws InterruptedException {
        Thread self = Thread.currentThread();
        LaneHolds mine = holdsByThread.get(self);
        while (true) {
            long lane = mine != null ? mine.lane : lanes.take();
            boolean kept = false;
            long fence;
            try {
                fence = acquire(mine, lane, nameTag, waitNanos, answerNanos);
                kept = fence > 0 && mine == null;
            } finally {
                if (mine == null && !kept) {
                    lanes.give(lane);
                }
            }
            if (fence != LEFTOVER) {
                return fence;
            }
            if (mine != null) {
                // This thread's lane is being drained; its other holds, in an ended session, are lost anyway.
                throw failures.unavailable(
                        "the CP group still counted a hold of \"" + fullName
                                + "\" under this thread's lane that this JVM had freed; it is being freed, try again",
                        null);
            }
        }
    }

    /** What {@link #acquire(LaneHolds, long, long, long, long)} returns for a grant under a lane with a leftover hold. */
    private static final long LEFTOVER = -1;

    /**
     * One request for the lock under {@code lane}, waiting at most {@code waitNanos} for it, and at
     * most {@code answerNanos} for the CP group's answers. A request that may still be granted
     * after this returns is settled in the background, with a use of the lane of its own. A grant
     * that should be fresh but carries no new fence ({@link GrantedFences}) was reentrant: the lane
     * is drained in the background and {@link #LEFTOVER} returned.
     */
    private long acquire(LaneHolds mine, long lane, long nameTag, long waitNanos, long answerNanos)
            throws InterruptedException {
        UUID invocation = UuidUtil.newUnsecureUUID();
        long deadline = System.nanoTime() + answerNanos;
        boolean sessionRenewed = false;
        while (true) {
            FencedLock lock = proxy.current();
            long cluster = fenceBase.cluster();
            long sessionId;
            try {
                sessionId = sessions.acquire(lock, deadline, answerNanos);
            } catch (CPGroupDestroyedException e) {
                proxy.lookUpAgain(lock, deadline, answerNanos, e);
                continue;
            }
            // This thread holds the lock already (several names on one stripe): granted at once, never waits.
            boolean holding = mine != null && mine.sessionId == sessionId;
            long waitMillis = holding ? 0 : TimeUnit.NANOSECONDS.toMillis(Math.max(0, waitNanos));
            long withdrawMargin = TimeUnit.NANOSECONDS.toMillis(LockTimings.WITHDRAW_MARGIN_NANOS);
            if (waitMillis == 0 && !holding && foundHeld && heldElsewhere(lock, deadline, answerNanos)) {
                sessions.release(lock, sessionId);
                return 0;
            }
            long base;
            try {
                // Read from the cluster only for a session this JVM has not used before.
                base = fenceBase.of(lock, sessionId, cluster, deadline, answerNanos);
            } catch (RuntimeException | InterruptedException e) {
                sessions.release(lock, sessionId);
                throw e;
            }
            InternalCompletableFuture<Long> call;
            long sent = System.nanoTime();
            try {
                call = FencedLockCalls.tryLock(
                        lock, sessionId, lane, invocation, waitMillis == 0 ? 0 : waitMillis + withdrawMargin);
            } catch (RuntimeException e) {
                sessions.release(lock, sessionId);
                throw failures.unavailable("could not send the lock request", e);
            }
            long fence;
            try {
                fence = Answers.interruptibly(
                        call,
                        waitMillis == 0
                                ? deadline - System.nanoTime()
                                : Math.min(waitNanos, deadline - System.nanoTime()),
                        waitMillis == 0);
            } catch (TimeoutException e) {
                if (waitMillis == 0) {
                    abandon(lock, call, sessionId, lane, cluster, !holding);
                    throw failures.unavailable(
                            "no answer from the CP group within " + CallFailures.seconds(answerNanos)
                                    + " (has it lost the majority of its CP members?)",
                            answerNanos,
                            e);
                }
                // Not granted within the wait: withdrawn, and the group's answer shows it is alive.
                awaitAnswer(withdraw(lock, call, sessionId, lane, cluster), deadline, answerNanos);
                return 0;
            } catch (InterruptedException e) {
                if (waitMillis == 0) {
                    abandon(lock, call, sessionId, lane, cluster, !holding);
                } else {
                    withdraw(lock, call, sessionId, lane, cluster);
                }
                throw e;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                sessions.release(lock, sessionId);
                if (cause instanceof OperationTimeoutException && System.nanoTime() < deadline) {
                    // The member asked hangs; the same request (same invocation id, so granted at
                    // most once) goes to the new leader.
                    continue;
                }
                if (cause instanceof SessionExpiredException && !sessionRenewed) {
                    // As Hazelcast's proxy does: the session ended; this thread held nothing in it.
                    // A client whose whole cluster restarted sees this too: its old session is gone.
                    FencedLockCalls.invalidateSession(lock, sessionId);
                    sessionRenewed = true;
                    continue;
                }
                if (cause instanceof CPGroupDestroyedException) {
                    proxy.lookUpAgain(lock, deadline, answerNanos, cause);
                    continue;
                }
                if (cause instanceof WaitKeyCancelledException) {
                    return 0;
                }
                throw failures.unavailable("the lock request failed", cause);
            }
            if (fence == FencedLock.INVALID_FENCE) {
                sessions.release(lock, sessionId);
                if (waitMillis == 0 && !holding) {
                    foundHeld = true;
                }
                return 0;
            }
            if (!fenceBase.unchangedSince(cluster)) {
                // The request was out while the client connected to a new cluster: granted by the old
                // one or the new one, its fence cannot be based on either's base for sure.
                abandon(lock, call, sessionId, lane, cluster, !holding);
                throw failures.unavailable(
                        "the lock cluster was replaced by a new one (every member restarted) while the request for \""
                                + fullName + "\" was out; its grant is given back, as it cannot be told which"
                                + " cluster made it",
                        null);
            }
            if (LateGrants.seenLate(sent, System.nanoTime())
                    && !lateGrantHeld(lock, call, sessionId, lane, cluster, holding, sent, deadline, answerNanos)) {
                return 0;
            }
            if (holding) {
                fences.record(lock, cluster, fence);
            } else if (!fences.recordNew(lock, cluster, fence)) {
                // The group counted a hold under this lane already (an acquire applied twice across a
                // leader change): not a grant to hand out, nor a lane to hand on before it is empty.
                lanes.retain(lane);
                PendingReleases.drain(
                        fullName, lock, sessionId, lane, UuidUtil.newUnsecureUUID(), settled(lock, sessionId, lane));
                return LEFTOVER;
            }
            foundHeld = false;
            if (mine == null) {
                holdsByThread.put(Thread.currentThread(), new LaneHolds(lane, nameTag, sessionId));
            } else {
                mine.add(sessionId);
            }
            return base + fence;
        }
    }

    /**
     * Who holds the lock now: exactly when a thread of this JVM does (its first hold's name tag),
     * otherwise only that another JVM does. One ownership question, bounded.
     */
    @Override
    public Holder holder(long nameTag, long boundNanos) {
        LockOwnershipState owner;
        try {
            owner = FencedLockCalls.ownership(proxy.current()).get(boundNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Holder.UNKNOWN;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return Holder.UNKNOWN;
        }
        if (!owner.isLocked()) {
            return Holder.NOBODY;
        }
        for (LaneHolds holds : holdsByThread.values()) {
            if (holds.lane == owner.getThreadId() && holds.sessionId == owner.getSessionId()) {
                return holds.nameTag == nameTag ? Holder.SAME_NAME : Holder.OTHER_NAME;
            }
        }
        return FencedLockCalls.session(proxy.current()) == owner.getSessionId() ? Holder.UNKNOWN : Holder.OTHER_JVM;
    }

    /**
     * Whether another endpoint holds the lock now, asked without a lock request: a refused request
     * leaves an entry in the lock's state, a question does not (one more round trip, taken only
     * while the lock was lately found held). When the question fails, the request will say.
     */
    private boolean heldElsewhere(FencedLock lock, long deadline, long answerNanos) throws InterruptedException {
        try {
            LockOwnershipState owner = FencedLockCalls.ownership(lock)
                    .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return owner.isLocked();
        } catch (TimeoutException e) {
            throw failures.unavailable(
                    "no answer from the CP group within " + CallFailures.seconds(answerNanos)
                            + " (has it lost the majority of its CP members?)",
                    answerNanos,
                    e);
        } catch (ExecutionException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Whether a grant seen {@link LateGrants#seenLate late} is still this JVM's. When its session has
     * ended the grant is given back (a no-op: the group freed it) and the call waits on in a new
     * session; when the group does not confirm the session by the call's bound, the grant is given
     * back and the call fails closed.
     */
    private boolean lateGrantHeld(
            FencedLock lock,
            InternalCompletableFuture<Long> call,
            long sessionId,
            long lane,
            long cluster,
            boolean holding,
            long sent,
            long deadline,
            long answerNanos)
            throws InterruptedException {
        try {
            if (LateGrants.sessionLives(lock, sessionId, sent, deadline)) {
                return true;
            }
        } catch (InterruptedException e) {
            abandon(lock, call, sessionId, lane, cluster, !holding);
            throw e;
        } catch (TimeoutException | ExecutionException | RuntimeException e) {
            abandon(lock, call, sessionId, lane, cluster, !holding);
            throw failures.unavailable(
                    "a grant of \"" + fullName + "\" came " + CallFailures.seconds(System.nanoTime() - sent)
                            + " after its request, and the CP group did not confirm within "
                            + CallFailures.seconds(answerNanos)
                            + " that this JVM's session still held it; it is given back",
                    answerNanos,
                    e instanceof ExecutionException ? e.getCause() : e);
        }
        LateGrants.sessionEnded(fullName, System.nanoTime() - sent);
        FencedLockCalls.invalidateSession(lock, sessionId);
        abandon(lock, call, sessionId, lane, cluster, !holding);
        return false;
    }

    /** Withdraws a request that waits under {@code lane} in a session where this thread held nothing. */
    private CompletableFuture<Void> withdraw(
            FencedLock lock, InternalCompletableFuture<Long> call, long sessionId, long lane, long cluster) {
        lanes.retain(lane);
        recordLateGrant(lock, call, cluster);
        return Withdrawal.start(fullName, lock, sessionId, lane, call, settled(lock, sessionId, lane));
    }

    /**
     * A request we stopped waiting for, which cannot be withdrawn (it did not wait, or this thread
     * held the lock already): a grant that comes yet is given straight back.
     *
     * @param emptyLane the endpoint held nothing of the lock before: it is drained ({@link PendingReleases#drain})
     */
    private void abandon(
            FencedLock lock,
            InternalCompletableFuture<Long> call,
            long sessionId,
            long lane,
            long cluster,
            boolean emptyLane) {
        lanes.retain(lane);
        recordLateGrant(lock, call, cluster);
        PendingReleases.giveBackIfGranted(
                fullName, lock, call, sessionId, lane, emptyLane, settled(lock, sessionId, lane));
    }

    /** A grant that comes after its caller moved on still counts among the fences handed out here. */
    private void recordLateGrant(FencedLock lock, InternalCompletableFuture<Long> call, long cluster) {
        call.whenComplete((fence, error) -> {
            if (error == null && fence != null && fence != FencedLock.INVALID_FENCE) {
                fences.record(lock, cluster, fence);
            }
        });
    }

    /** What a call settled in the background gives back: its use of the session and of the lane. */
    private Runnable settled(FencedLock lock, long sessionId, long lane) {
        return () -> {
            sessions.release(lock, sessionId);
            lanes.give(lane);
        };
    }

    /** Waits for the CP group to answer a withdrawal; it must, by the caller's deadline. */
    private void awaitAnswer(CompletableFuture<Void> answered, long deadline, long answerNanos)
            throws InterruptedException {
        try {
            answered.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw failures.unavailable(
                    "no answer from the CP group within " + CallFailures.seconds(answerNanos)
                            + " (has it lost the majority of its CP members?)",
                    answerNanos,
                    e);
        } catch (ExecutionException e) {
            throw failures.unavailable("the lock request could not be withdrawn", e.getCause());
        }
    }

    @Override
    public void release() {
        releaseWithin(LockTimings.UNANSWERED_NANOS);
    }

    /**
     * Sends the unlock and waits at most {@code answerNanos} for the CP group to take it; past that it
     * is sent again in the background ({@link PendingReleases}). This thread's entry goes at once, so
     * its next request for the lock is a new one, under a lane of its own, that waits for the unlock
     * like anybody's. The lane the unlock was sent under stays taken until the group took it: while
     * the group may still count that lane as an owner, any thread asking under it would be granted the
     * lock "reentrantly", with the old fence.
     */
    @Override
    public void releaseWithin(long answerNanos) {
        FencedLock lock = proxy.current();
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
            sessions.release(lock, sessionId);
            if (last) {
                lanes.give(lane);
            }
        };
        if (lostEarlier) {
            done.run();
            throw new BackendLockLostException(
                    "the CP session that held \"" + fullName + "\" for this hold"
                            + " was closed by the CP group while it was held",
                    null);
        }
        if (FencedLockCalls.session(lock) != sessionId) {
            done.run();
            throw new BackendLockLostException(
                    "the CP session " + sessionId + " that held \"" + fullName
                            + "\" was closed by the CP group (missed heartbeats for longer than the session TTL), or"
                            + " the lock cluster was replaced by a new one (every member restarted)",
                    null);
        }
        // Goes on after this thread's last hold ends: keeps the lane taken until the group took it.
        Runnable pending = last
                ? done
                : () -> {
                    sessions.release(lock, sessionId);
                    lanes.give(lane);
                };
        UUID invocation = UuidUtil.newUnsecureUUID();
        long begin = System.nanoTime();
        while (true) {
            InternalCompletableFuture<Boolean> call;
            try {
                call = FencedLockCalls.unlock(lock, sessionId, lane, invocation);
            } catch (RuntimeException e) {
                resend(lock, sessionId, lane, invocation, last, pending);
                throw failures.unavailable("could not send the unlock request; it is sent again in the background", e);
            }
            try {
                Boolean stillHeld = Answers.uninterruptibly(call, begin, answerNanos);
                if (last && Boolean.TRUE.equals(stillHeld)) {
                    // The group counted more holds under the lane than this JVM took: freed before the lane is handed
                    // on.
                    PendingReleases.drain(fullName, lock, sessionId, lane, UuidUtil.newUnsecureUUID(), done);
                    return;
                }
                done.run();
                return;
            } catch (TimeoutException e) {
                resend(lock, sessionId, lane, invocation, last, pending);
                throw failures.unavailable(
                        "no answer to the unlock from the CP group within "
                                + CallFailures.seconds(answerNanos)
                                + "; it is sent again in the background until the"
                                + " CP group answers",
                        answerNanos,
                        e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof OperationTimeoutException && System.nanoTime() - begin < answerNanos) {
                    continue; // the member asked hangs; the same unlock (same invocation id) goes to the new leader
                }
                if (cause instanceof SessionExpiredException) {
                    FencedLockCalls.invalidateSession(lock, sessionId);
                    done.run();
                    throw new BackendLockLostException(
                            "the CP session " + sessionId + " that held \"" + fullName
                                    + "\" expired before the release",
                            cause);
                }
                if (cause instanceof CPGroupDestroyedException) {
                    done.run();
                    throw new BackendLockLostException(
                            "the CP group that held \"" + fullName + "\" no longer"
                                    + " exists (was the lock cluster restarted?)",
                            cause);
                }
                if (cause instanceof IllegalMonitorStateException) {
                    done.run();
                    throw new BackendLockLostException(
                            "the CP group says this thread no longer holds \"" + fullName + "\": " + cause.getMessage(),
                            cause);
                }
                resend(lock, sessionId, lane, invocation, last, pending);
                throw failures.unavailable("the unlock request failed; it is sent again in the background", cause);
            }
        }
    }

    /**
     * Sends an unanswered unlock again in the background: after the lane's last hold, until the lane
     * holds nothing; otherwise with a use of the lane of its own, since this thread still holds the
     * lock under it for other names and its own use may end first: the lane stays taken until the
     * unlock was applied.
     */
    private void resend(FencedLock lock, long sessionId, long lane, UUID invocation, boolean last, Runnable pending) {
        if (last) {
            PendingReleases.drain(fullName, lock, sessionId, lane, invocation, pending);
        } else {
            lanes.retain(lane);
            PendingReleases.retry(fullName, lock, sessionId, lane, invocation, pending);
        }
    }
}
