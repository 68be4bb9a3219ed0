package dev.coordination.agent.runtime;

/**
 * One distributed, reentrant, thread-owned lock with fencing tokens. One thread may hold it several
 * times over (several names of one stripe); each {@link #tryAcquire} is matched by one {@link #release}.
 */
public interface BackendLock {

    /**
     * Longest wait for an answer beyond the time a request itself may wait, for calls without a
     * deadline of their own (blocking calls, non-blocking calls, releases). Past it the backend is
     * taken as unavailable (for Hazelcast: a CP group without a majority). Long enough to ride out
     * a leader election after a CP member crashed.
     */
    long UNANSWERED_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(30);

    /** How long one request waits at most unless the backend knows better ({@link #requestWaitNanos}). */
    long WAIT_SLICE_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(250);

    /** The backend's own name for this lock (for a stripe: its CP lock's name), for messages. */
    String name();

    /**
     * Tries to acquire, waiting at most {@code waitNanos} for the lock ({@code <= 0}: one attempt,
     * no wait), and at most {@code answerNanos} for the backend's answer.
     *
     * @return the fencing token (always {@code > 0}) when acquired, {@code 0} when not
     * @throws BackendUnavailableException if the backend cannot be reached or gives no answer in time
     * @throws InterruptedException if the thread is interrupted while waiting (nothing is then held)
     */
    long tryAcquire(long waitNanos, long answerNanos) throws InterruptedException;

    /**
     * How long the next {@link #tryAcquire} may wait for the lock when the caller may wait {@code
     * remainingNanos} more ({@code bounded}) or for ever: a caller that was not granted the lock asks
     * again. A backend may pick what its cluster serves best; a long wait must end soon after an
     * interrupt (HazelcastLock's: within 0.1 s), or else each wait must be short.
     */
    default long requestWaitNanos(long remainingNanos, boolean bounded) {
        return Math.min(remainingNanos, WAIT_SLICE_NANOS);
    }

    /**
     * Releases one hold of the calling thread.
     *
     * @throws BackendLockLostException if the calling thread's hold was lost (session ended)
     * @throws BackendUnavailableException if the backend cannot be reached
     */
    void release();
}
