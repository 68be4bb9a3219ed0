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

    /** What Hazelcast's session manager answers when this JVM has no session in the group. */
    private static final long NO_SESSION = -1;

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

    /** Longest time a waiting thread takes to notice an interrupt ({@link #awaitInterruptibly}). */
    static final long INTERRUPT_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final String fullName;
    private final HazelcastInstance instance;
    /** Replaced only when its CP group is gone ({@link #lookUpAgain}). */
    private volatile FencedLock lock;
    private final ReentrantLock lookingUp = new ReentrantLock();
    /** Why the cluster cannot be reached right now, or null ({@link ClusterConnection#outage()}). */
    private final Supplier<String> outage;
    /**
     * Only a thread itself adds or removes its entry. Keyed by the thread itself, whose identity
     * hash needs no boxing (a {@code Long} id cost an allocation per look-up: issue 6); Hazelcast's
     * thread id, which the CP group knows the owner by, is this thread's for every call made here.
     */
    private final ConcurrentMap<Thread, ThreadHolds> holdsByThread = new ConcurrentHashMap<>();

    HazelcastLock(String fullName, HazelcastInstance instance, FencedLock proxy, Supplier<String> outage) {
        this.fullName = fullName;
        this.instance = instance;
        this.lock = FencedLockCalls.sessionAware(proxy);
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
        long begin = System.nanoTime();
        boolean sessionRenewed = false;
        boolean lookedUpAgain = false;
        boolean first = true;
        while (true) {
            FencedLock proxy = lock;
            long sessionId;
            // The clock was just read for the first attempt (each reading costs about 25 ns: issue 6).
            long now = first ? begin : System.nanoTime();
            first = false;
            try {
                sessionId = acquireSession(proxy, now, answerNanos);
            } catch (CPGroupDestroyedException e) {
                if (lookedUpAgain) {
                    throw unavailable("could not open a CP session", e);
                }
                lookUpAgain(proxy, Math.max(0, answerNanos - (System.nanoTime() - begin)));
                lookedUpAgain = true;
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
                fence = waitMillis == 0 ? call.get(answerNanos, TimeUnit.NANOSECONDS)
                        : awaitInterruptibly(call, answerNanos);
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
                if (cause instanceof OperationTimeoutException && System.nanoTime() - begin < answerNanos) {
                    // The member asked hangs; the same request (same invocation id, so granted at
                    // most once) goes to the new leader.
                    answerNanos -= System.nanoTime() - begin;
                    begin = System.nanoTime();
                    continue;
                }
                if (cause instanceof SessionExpiredException && !sessionRenewed) {
                    // As Hazelcast's proxy does: the session ended; this thread held nothing in it.
                    // A client whose whole cluster restarted sees this too: its old session is gone.
                    FencedLockCalls.invalidateSession(proxy, sessionId);
                    sessionRenewed = true;
                    continue;
                }
                if (cause instanceof CPGroupDestroyedException && !lookedUpAgain) {
                    lookUpAgain(proxy, Math.max(0, answerNanos - (System.nanoTime() - begin)));
                    lookedUpAgain = true;
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
     * look-up finds the group the name lives in now; holds in the old one are gone with it.
     */
    private void lookUpAgain(FencedLock stale, long nanos) throws InterruptedException {
        long begin = System.nanoTime();
        if (!lookingUp.tryLock(nanos, TimeUnit.NANOSECONDS)) {
            throw unavailable("another thread is still looking up lock \"" + fullName + "\" again", nanos, null);
        }
        try {
            if (lock != stale) {
                return; // another thread looked it up already
            }
            FencedLock fresh = CpCalls.bounded(() -> instance.getCPSubsystem().getLock(fullName),
                    Math.max(0, nanos - (System.nanoTime() - begin)), "look up lock \"" + fullName
                            + "\" again (its CP group no longer exists: was the lock cluster restarted?)", outage);
            lock = FencedLockCalls.sessionAware(fresh);
        } finally {
            lookingUp.unlock();
        }
    }

    /**
     * Counts one more use of this JVM's CP session. Opening it, when there is none, is bounded; a
     * session Hazelcast found expired is reopened in this thread, retried while a hung member
     * times the request out and the caller's bound allows.
     */
    private long acquireSession(FencedLock proxy, long nowNanos, long answerNanos) throws InterruptedException {
        long deadline = nowNanos + answerNanos;
        while (true) {
            try {
                if (FencedLockCalls.session(proxy) == NO_SESSION) {
                    CpCalls.bounded(() -> {
                        FencedLockCalls.releaseSession(proxy, FencedLockCalls.acquireSession(proxy));
                        return null;
                    }, Math.max(0, deadline - System.nanoTime()), "open a CP session");
                }
                return FencedLockCalls.acquireSession(proxy);
            } catch (BackendUnavailableException e) {
                if (e.getCause() instanceof CPGroupDestroyedException) {
                    throw (CPGroupDestroyedException) e.getCause();
                }
                String down = outage.get();
                if (down == null) {
                    throw e;
                }
                boolean unanswered = e.getCause() instanceof TimeoutException;
                throw cannotReach(down, unanswered ? "no answer" : "could not open a CP session", answerNanos,
                        unanswered ? e : e.getCause());
            } catch (OperationTimeoutException e) {
                if (System.nanoTime() >= deadline) {
                    throw unavailable("could not open a CP session in time", e);
                }
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
                throw unavailable("no answer to the unlock from the CP group within " + seconds(UNANSWERED_NANOS),
                        UNANSWERED_NANOS, e);
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
