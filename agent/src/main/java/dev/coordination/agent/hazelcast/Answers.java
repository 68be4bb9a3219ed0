package dev.coordination.agent.hazelcast;

import com.hazelcast.spi.impl.InternalCompletableFuture;
import dev.coordination.agent.runtime.LockTimings;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How the agent waits for the CP group's answers: bounded always, and, for a lock request, noticing
 * an interrupt while it waits; for a release, not letting an interrupt stop it. Agent jar, system
 * class loader.
 */
final class Answers {

    private Answers() {}

    /**
     * Waits for a lock request's answer ({@code once}: of one that does not wait), noticing an
     * interrupt within {@link LockTimings#INTERRUPT_CHECK_NANOS}.
     * Hazelcast's futures notice an interrupt only once their answer came ({@code
     * AbstractInvocationFuture.get}), and a request may wait 2 s for the lock: so the answer is
     * awaited in spells of Hazelcast's own wait, which wakes this thread directly when it comes (a
     * waiter under contention is answered within a spell; a longer one costs one TimeoutException
     * per spell). A client's future delegates to another, so a wake-up callback of our own could run
     * before the future it was registered on completes.
     */
    static <T> T interruptibly(InternalCompletableFuture<T> call, long nanos, boolean once)
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
    static <T> T uninterruptibly(InternalCompletableFuture<T> call, long begin, long nanos)
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
}
