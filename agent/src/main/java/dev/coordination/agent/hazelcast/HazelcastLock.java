package dev.coordination.agent.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.OperationTimeoutException;
import com.hazelcast.cp.exception.CPGroupDestroyedException;
import com.hazelcast.cp.internal.datastructures.exception.WaitKeyCancelledException;
import com.hazelcast.cp.internal.session.SessionExpiredException;
import com.hazelcast.cp.lock.FencedLock;
import com.hazelcast.internal.util.ThreadUtil;
import com.hazelcast.internal.util.UuidUtil;
import com.hazelcast.spi.impl.InternalCompletableFuture;
import dev.coordination.agent.runtime.BackendLock;
import dev.coordination.agent.runtime.BackendLockLostException;
import dev.coordination.agent.runtime.BackendUnavailableException;
import java.util.UUID;
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
 */
final class HazelcastLock implements BackendLock {

    /**
     * Hazelcast 5.4 ends a wait of at most 1.5 s at its timeout with a task of its own, which then
     * sends one more operation through the CP group, also when the wait was granted long before
     * ({@code AbstractBlockingService.scheduleTimeout}). Longer waits are ended by a scan every 0.5 s
     * that sends nothing while nothing expired. Under contention every request waits, so 250 ms
     * requests cost the group an extra operation per section: 2 JVMs x 4 threads on one name ran at
     * 0.55-0.69 of {@code FencedLock.lock()}'s sections per second (issue 6).
     */
    static final long TASK_EXPIRED_MAX_NANOS = TimeUnit.MILLISECONDS.toNanos(1500);
    /** What a request waits when its caller waits longer: above {@link #TASK_EXPIRED_MAX_NANOS}. */
    static final long SCAN_EXPIRED_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** How late the scan may end a wait (its period, with room for the group's answer). */
    private static final long SCAN_LAG_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Shortest time between two look-ups of a name whose CP group is gone ({@link #lookUpAgain}). */
    static final long LOOK_UP_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    /** Longest time a waiting thread takes to notice an interrupt ({@link #awaitInterruptibly}). */
    static final long INTERRUPT_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final String fullName;
    private final HazelcastInstance instance;
    /** Replaced only when its CP group is gone ({@link #lookUpAgain}). */
    private volatile FencedLock lock;
    private final ReentrantLock lookingUp = new ReentrantLock();
    /** When {@link #lookUpAgain} last looked the name up ({@code System.nanoTime()}). */
    private long lookedUpNanos = System.nanoTime() - LOOK_UP_PAUSE_NANOS;
    private final CpSessions sessions;
    /** Why the cluster cannot be reached right now, or null ({@link ClusterConnection#outage()}). */
    private final Supplier<String> outage;
    /**
     * Only a thread itself adds or removes its entry. Keyed by the thread itself, whose identity
     * hash needs no boxing (a {@code Long} id cost an allocation per look-up: issue 6); Hazelcast's
     * thread id, which the CP group knows the owner by, is this thread's for every call made here.
     */
    private final ConcurrentMap<Thread, ThreadHolds> holdsByThread = new ConcurrentHashMap<>();

    HazelcastLock(String fullName, HazelcastInstance instance, FencedLock proxy, CpSessions sessions,
            Supplier<String> outage) {
        this.fullName = fullName;
        this.instance = instance;
        this.lock = FencedLockCalls.sessionAware(proxy);
        this.sessions = sessions;
        this.outage = outage;
    }

    @Override
    public String name() {
        return fullName;
    }

    /** Whether anybody holds this lock now (a bounded remote call). */
    boolean isLocked() throws InterruptedException {
        return CpCalls.bounded(lock::isLocked, UNANSWERED_NANOS, "ask whether \"" + fullName + "\" is held", outage);
    }

    /**
     * Requests wait 2 s, so that Hazelcast ends them by its scan, at no cost per request; a waiting
     * thread still notices an interrupt within 0.1 s ({@link #awaitInterruptibly}). Only a
     * deadline closer than 3 s is met by shorter requests, ended on time by Hazelcast's task: the
     * scan could answer up to 0.5 s late.
     */
    @Override
    public long requestWaitNanos(long remainingNanos, boolean bounded) {
        if (!bounded || remainingNanos >= SCAN_EXPIRED_NANOS + SCAN_LAG_NANOS) {
            return SCAN_EXPIRED_NANOS;
        }
        return Math.min(remainingNanos, TASK_EXPIRED_MAX_NANOS);
    }

    @Override
    public long tryAcquire(long waitNanos, long answerNanos) throws InterruptedException {
        long threadId = ThreadUtil.getThreadId();
        UUID invocation = UuidUtil.newUnsecureUUID();
        long waitMillis = TimeUnit.NANOSECONDS.toMillis(Math.max(0, waitNanos));
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
            InternalCompletableFuture<Long> call;
            try {
                call = FencedLockCalls.tryLock(proxy, sessionId, threadId, invocation, waitMillis);
            } catch (RuntimeException e) {
                FencedLockCalls.releaseSession(proxy, sessionId);
                throw unavailable("could not send the lock request", e);
            }
            long fence;
            try {
                // A request that does not wait is answered at once, interrupted or not (as tryLock()).
                long left = Math.max(0, deadline - System.nanoTime());
                fence = waitMillis == 0 ? call.get(left, TimeUnit.NANOSECONDS) : awaitInterruptibly(call, left);
            } catch (TimeoutException e) {
                abandon(proxy, call, sessionId, threadId);
                throw unavailable("no answer from the CP group within " + seconds(answerNanos)
                        + " (has it lost the majority of its CP members?)", answerNanos, e);
            } catch (InterruptedException e) {
                abandon(proxy, call, sessionId, threadId);
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
                throw unavailable("the lock request failed", cause);
            }
            if (fence == FencedLock.INVALID_FENCE) {
                FencedLockCalls.releaseSession(proxy, sessionId);
                return 0;
            }
            Thread self = Thread.currentThread();
            ThreadHolds mine = holdsByThread.get(self);
            if (mine == null) {
                holdsByThread.put(self, new ThreadHolds(sessionId));
            } else {
                mine.add(sessionId);
            }
            return fence;
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
            throw unavailable("lock \"" + fullName + "\" is in a CP group that no longer exists, and no new one"
                    + " answered in time (was the lock cluster restarted?)", nanos, cause);
        }
        if (!lookingUp.tryLock(left, TimeUnit.NANOSECONDS)) {
            throw unavailable("another thread is still looking up lock \"" + fullName + "\" again", nanos, cause);
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
                            + "\" again (its CP group no longer exists: was the lock cluster restarted?)", outage);
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
                sessions.ensure(proxy, deadline, nanos, outage);
                return FencedLockCalls.acquireSession(proxy);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof CPGroupDestroyedException) {
                    throw (CPGroupDestroyedException) cause;
                }
                if (!(cause instanceof OperationTimeoutException) || System.nanoTime() >= deadline) {
                    throw unavailable("could not open a CP session", cause);
                }
                // a hung member timed the request out: asked again, of the new leader
            } catch (CPGroupDestroyedException e) {
                throw e;
            } catch (BackendUnavailableException e) {
                throw e;
            } catch (RuntimeException e) {
                throw unavailable("could not open a CP session", e);
            }
        }
    }

    /**
     * A request we stopped waiting for may still be granted: then give the lock straight back (in
     * this thread's name, which Hazelcast's lock is owned by), so nothing stays held for nobody.
     */
    private static void abandon(FencedLock proxy, InternalCompletableFuture<Long> call, long sessionId,
            long threadId) {
        call.whenComplete((fence, error) -> {
            if (error == null && fence != null && fence != FencedLock.INVALID_FENCE) {
                FencedLockCalls.unlock(proxy, sessionId, threadId, UuidUtil.newUnsecureUUID())
                        .whenComplete((stillHeld, unlockError) -> FencedLockCalls.releaseSession(proxy, sessionId));
            } else {
                FencedLockCalls.releaseSession(proxy, sessionId);
            }
        });
    }

    @Override
    public void release() {
        long threadId = ThreadUtil.getThreadId();
        FencedLock proxy = lock;
        Thread self = Thread.currentThread();
        ThreadHolds mine = holdsByThread.get(self);
        if (mine == null) {
            throw new BackendLockLostException("this thread holds no hold of \"" + fullName + "\"", null);
        }
        long sessionId = mine.sessionId;
        boolean lostEarlier = mine.releaseOne();
        if (mine.count == 0) {
            holdsByThread.remove(self);
        }
        if (lostEarlier) {
            throw new BackendLockLostException("the CP session that held \"" + fullName + "\" for this hold"
                    + " was closed by the CP group while it was held", null);
        }
        if (FencedLockCalls.session(proxy) != sessionId) {
            throw new BackendLockLostException("the CP session " + sessionId + " that held \"" + fullName
                    + "\" was closed by the CP group (missed heartbeats for longer than the session TTL)", null);
        }
        UUID invocation = UuidUtil.newUnsecureUUID();
        long begin = System.nanoTime();
        while (true) {
            InternalCompletableFuture<Boolean> call;
            try {
                call = FencedLockCalls.unlock(proxy, sessionId, threadId, invocation);
            } catch (RuntimeException e) {
                throw unavailable("could not send the unlock request", e);
            }
            try {
                awaitUninterruptibly(call, begin, UNANSWERED_NANOS);
                FencedLockCalls.releaseSession(proxy, sessionId);
                return;
            } catch (TimeoutException e) {
                PendingReleases.retry(fullName, proxy, sessionId, threadId, invocation);
                throw unavailable("no answer to the unlock from the CP group within " + seconds(UNANSWERED_NANOS)
                        + "; it is sent again in the background until the CP group answers", UNANSWERED_NANOS, e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof OperationTimeoutException && System.nanoTime() - begin < UNANSWERED_NANOS) {
                    continue; // the member asked hangs; the same unlock (same invocation id) goes to the new leader
                }
                if (cause instanceof SessionExpiredException) {
                    FencedLockCalls.invalidateSession(proxy, sessionId);
                    throw new BackendLockLostException("the CP session " + sessionId + " that held \"" + fullName
                            + "\" expired before the release", cause);
                }
                if (cause instanceof CPGroupDestroyedException) {
                    throw new BackendLockLostException("the CP group that held \"" + fullName + "\" no longer"
                            + " exists (was the lock cluster restarted?)", cause);
                }
                if (cause instanceof IllegalMonitorStateException) {
                    throw new BackendLockLostException("the CP group says this thread no longer holds \""
                            + fullName + "\": " + cause.getMessage(), cause);
                }
                throw unavailable("the unlock request failed", cause);
            }
        }
    }

    /**
     * Waits for a lock request's answer, noticing an interrupt within {@link #INTERRUPT_CHECK_NANOS}.
     * Hazelcast's futures notice an interrupt only once their answer came ({@code
     * AbstractInvocationFuture.get}), and a request may wait 2 s for the lock: so the answer is
     * awaited in spells of Hazelcast's own wait, which wakes this thread directly when it comes (a
     * waiter under contention is answered within a spell; a longer one costs one TimeoutException
     * per spell). A client's future delegates to another, so a wake-up callback of our own could run
     * before the future it was registered on completes.
     */
    private static <T> T awaitInterruptibly(InternalCompletableFuture<T> call, long nanos)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + nanos;
        while (true) {
            long left = deadline - System.nanoTime();
            try {
                return call.get(Math.max(0, Math.min(left, INTERRUPT_CHECK_NANOS)), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                if (left <= INTERRUPT_CHECK_NANOS) {
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

    private BackendUnavailableException unavailable(String what, Throwable cause) {
        return unavailable(what, -1, cause);
    }

    /** @param waitedNanos how long the caller waited for an answer, or -1 when it did not wait */
    private BackendUnavailableException unavailable(String what, long waitedNanos, Throwable cause) {
        String down = outage.get();
        if (down != null) {
            return cannotReach(down, what, waitedNanos, cause);
        }
        return new BackendUnavailableException("Hazelcast: " + what + (cause == null ? "" : " (" + cause + ")"), cause);
    }

    /** The call failed while this JVM has no connection to the cluster (a client whose members are gone). */
    private static BackendUnavailableException cannotReach(String down, String what, long waitedNanos,
            Throwable cause) {
        String waited = waitedNanos < 0 ? "" : "; gave up after waiting " + seconds(waitedNanos) + " for an answer";
        String detail = what.startsWith("no answer") ? "" : " (Hazelcast: " + what + ": " + cause + ")";
        return new BackendUnavailableException("the lock cluster cannot be reached: " + down + waited + detail, cause);
    }

    private static String seconds(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos) / 1000.0 + "s";
    }

    /**
     * One thread's holds of this lock: how many, in which session, and how many of the oldest were
     * lost when their session ended (a later hold in a new session took the lock afresh).
     */
    private static final class ThreadHolds {
        long sessionId;
        int count = 1;
        int lost;

        ThreadHolds(long sessionId) {
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
