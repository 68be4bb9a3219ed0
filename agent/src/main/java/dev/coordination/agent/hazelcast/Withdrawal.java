package dev.coordination.agent.hazelcast;

import com.hazelcast.cp.exception.CPGroupDestroyedException;
import com.hazelcast.cp.internal.session.SessionExpiredException;
import com.hazelcast.cp.lock.FencedLock;
import com.hazelcast.internal.util.UuidUtil;
import com.hazelcast.spi.impl.InternalCompletableFuture;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Ends a lock request that its caller stopped waiting for (its wait was up, or it was interrupted),
 * leaving nothing behind in the CP group. A request that waits in the group until its own timeout
 * leaves an entry in the lock's state when it expires, kept until its endpoint next holds and frees
 * the lock or its session closes (hazelcast#17709): one entry for every wait that timed out, for
 * the life of the session ({@code SoakIT}). A wait that is <em>cancelled</em> leaves none, and an
 * unlock from the request's own endpoint (session, lane) cancels it: the endpoint holds nothing, so
 * the unlock fails and takes the wait with it.
 *
 * <p>Two races are settled here. The group may grant the request just before the cancel arrives:
 * the cancel then frees that grant (it answers "released"), yet Hazelcast may still apply the
 * request a second time (resent after a leader change, after the cancel made the group forget its
 * invocation id), so a request that was granted or freed is followed by unlocks until the lane holds
 * nothing ({@link PendingReleases#drain}). And a member may pass the cancel on
 * before the request, which then waits after all: while the request is open after the cancel's
 * answer, it is cancelled again. Once the request has ended and nothing is left held under the lane,
 * {@code done} runs (it gives back the lane and the session use). Only a request from an endpoint
 * that held nothing of the lock may be withdrawn: the unlock would free a real hold otherwise.
 * Agent jar, system class loader.
 */
final class Withdrawal {

    /** How long a request may stay open after a cancel was answered before it is cancelled again. */
    static final long RECANCEL_MILLIS = 200;
    /** A cancel that got no answer (no CP majority, a hung member) is sent again after this long. */
    static final long NO_ANSWER_RETRY_MILLIS = 1_000;

    private final String name;
    private final FencedLock lock;
    private final long sessionId;
    private final long lane;
    private final InternalCompletableFuture<Long> request;
    private final Runnable done;
    /** Completes when the CP group answered a cancel, or the request ended: the wait is over or ending. */
    private final CompletableFuture<Void> answered = new CompletableFuture<>();

    private boolean cancelOpen;
    private boolean releasedByCancel;
    private boolean finished;

    private Withdrawal(
            String name,
            FencedLock lock,
            long sessionId,
            long lane,
            InternalCompletableFuture<Long> request,
            Runnable done) {
        this.name = name;
        this.lock = lock;
        this.sessionId = sessionId;
        this.lane = lane;
        this.request = request;
        this.done = done;
    }

    /**
     * Starts withdrawing {@code request}, sent under ({@code sessionId}, {@code lane}) by an endpoint
     * that held nothing of the lock.
     *
     * @return completes once the CP group answered the first cancel
     */
    static CompletableFuture<Void> start(
            String name,
            FencedLock lock,
            long sessionId,
            long lane,
            InternalCompletableFuture<Long> request,
            Runnable done) {
        Withdrawal withdrawal = new Withdrawal(name, lock, sessionId, lane, request, done);
        request.whenComplete((fence, error) -> withdrawal.settle());
        withdrawal.cancel();
        return withdrawal.answered;
    }

    private void cancel() {
        synchronized (this) {
            if (finished) {
                return;
            }
            cancelOpen = true;
        }
        if (FencedLockCalls.session(lock) != sessionId) {
            // The session ended: the CP group dropped its waits and holds.
            synchronized (this) {
                cancelOpen = false;
            }
            answered.complete(null);
            finish(false);
            return;
        }
        try {
            FencedLockCalls.unlock(lock, sessionId, lane, UuidUtil.newUnsecureUUID())
                    .whenComplete((released, error) -> onCancelAnswer(unwrap(error)));
        } catch (RuntimeException e) {
            synchronized (this) {
                cancelOpen = false;
            }
            CpRetries.later(this::cancel, NO_ANSWER_RETRY_MILLIS);
        }
    }

    private void onCancelAnswer(Throwable error) {
        boolean sessionGone = error instanceof SessionExpiredException || error instanceof CPGroupDestroyedException;
        boolean answer = error == null || error instanceof IllegalMonitorStateException || sessionGone;
        synchronized (this) {
            cancelOpen = false;
            releasedByCancel |= error == null; // an unlock that succeeded freed the grant
        }
        if (answer) {
            answered.complete(null);
        }
        if (sessionGone) {
            finish(false);
        } else if (!answer) {
            CpRetries.later(this::cancel, NO_ANSWER_RETRY_MILLIS);
        } else if (request.isDone()) {
            settle();
        } else {
            CpRetries.later(this::cancelIfOpen, RECANCEL_MILLIS);
        }
    }

    private void cancelIfOpen() {
        if (request.isDone()) {
            settle();
        } else {
            cancel();
        }
    }

    /** Once the request ended and no cancel is on its way: give back a grant no cancel freed. */
    private void settle() {
        boolean giveBack;
        synchronized (this) {
            if (finished || cancelOpen || !request.isDone()) {
                return;
            }
            // A cancel that freed a grant does not prove the request is spent: resent by Hazelcast after a
            // leader change, it is applied again once the cancel made the group forget its invocation id.
            giveBack = granted() || releasedByCancel;
        }
        finish(giveBack);
    }

    private void finish(boolean giveBack) {
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
        }
        // The request ended (it may have, before the first cancel went out): nothing left to wait for
        // (VirtualThreadsIT: a waiter whose request was granted just as its wait ran out sat out its 30 s).
        answered.complete(null);
        if (giveBack) {
            // granted, or freed by a cancel: whatever the group still counts under the lane goes
            PendingReleases.drain(name, lock, sessionId, lane, UuidUtil.newUnsecureUUID(), done);
        } else {
            done.run();
        }
    }

    private boolean granted() {
        try {
            Long fence = request.get();
            return fence != null && fence != FencedLock.INVALID_FENCE;
        } catch (ExecutionException | InterruptedException | RuntimeException e) {
            return false;
        }
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
