package dev.coordination.agent.hazelcast;

import com.hazelcast.core.OperationTimeoutException;
import com.hazelcast.cp.exception.CPGroupDestroyedException;
import com.hazelcast.cp.lock.FencedLock;
import dev.coordination.agent.runtime.BackendUnavailableException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * This JVM's CP session, as the locks use it: each call counts one use while it is answered or held.
 * Opens the session when its locks need one, on a daemon thread, so that a caller waits
 * only as long as it may: Hazelcast opens a session inside the first lock call of a thread that
 * finds none valid, and waits for the CP group's answer as long as it likes (two minutes for a
 * client whose cluster is gone, {@code ClientModeIT}). One opening at a time per backend: callers
 * that find one under way wait for it instead of starting another, so an outage does not pile up
 * threads. Agent jar, system class loader.
 */
final class CpSessions {

    /**
     * A session Hazelcast would take as expired this soon is opened afresh first: between the check
     * and the lock call, Hazelcast must not find it expired and open one itself.
     */
    static final long EXPIRY_MARGIN_MILLIS = TimeUnit.SECONDS.toMillis(1);

    private final CallFailures failures;
    private Future<Object> opening;

    CpSessions(CallFailures failures) {
        this.failures = failures;
    }

    /**
     * Counts one more use of this JVM's CP session in {@code lock}'s group, opening one first
     * ({@link #ensure}) when Hazelcast would otherwise open it inside the lock call, unbounded.
     *
     * @throws CPGroupDestroyedException when the lock's CP group is gone ({@link StripeProxy#lookUpAgain})
     */
    long acquire(FencedLock lock, long deadline, long nanos) throws InterruptedException {
        while (true) {
            try {
                ensure(lock, deadline, nanos, failures.outage());
                return FencedLockCalls.acquireSession(lock);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof CPGroupDestroyedException) {
                    throw (CPGroupDestroyedException) cause;
                }
                if (!(cause instanceof OperationTimeoutException) || System.nanoTime() >= deadline) {
                    throw failures.unavailable("could not open a CP session", cause);
                }
                // a hung member timed the request out: asked again, of the new leader
            } catch (CPGroupDestroyedException | BackendUnavailableException e) {
                throw e;
            } catch (RuntimeException e) {
                throw failures.unavailable("could not open a CP session", e);
            }
        }
    }

    /** One use of the session ends (its call was answered, or given up and settled). */
    void release(FencedLock lock, long sessionId) {
        FencedLockCalls.releaseSession(lock, sessionId);
    }

    /**
     * Makes sure {@code lock}'s CP group has a session of this JVM that Hazelcast takes as valid, waiting
     * at most until {@code deadline} ({@code System.nanoTime()}).
     *
     * @param nanos the caller's whole bound, for messages
     * @throws ExecutionException what opening the session failed with
     */
    void ensure(FencedLock lock, long deadline, long nanos, Supplier<String> outage)
            throws InterruptedException, ExecutionException {
        if (FencedLockCalls.sessionUsable(lock, EXPIRY_MARGIN_MILLIS)) {
            return;
        }
        Future<Object> current;
        synchronized (this) {
            if (opening == null || opening.isDone()) {
                opening = CpCalls.start(() -> {
                    FencedLockCalls.releaseSession(lock, FencedLockCalls.acquireSession(lock));
                    return null;
                });
            }
            current = opening;
        }
        try {
            // Not cancelled on timeout: other callers may be waiting for the same opening.
            current.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw CpCalls.noAnswer(nanos, "open a CP session", outage, e);
        }
    }
}
