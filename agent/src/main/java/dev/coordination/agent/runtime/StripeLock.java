package dev.coordination.agent.runtime;

/**
 * One distributed, reentrant, thread-owned lock with fencing tokens: the lock a stripe of names
 * stands for ({@link LockStripes}). One thread may hold it several times over (several names of
 * one stripe); each {@link #acquire} that succeeds is matched by one {@link #release}.
 */
public interface StripeLock {

    /** The backend's own name for this lock (for a stripe: its CP lock's name), for messages. */
    String name();

    /**
     * Takes one hold for the calling thread, waiting for the lock until {@code deadline}: not at all
     * ({@link Deadline#noWait()}: answered within {@link LockTimings#NO_WAIT_ANSWER_NANOS} of {@code
     * startNanos}), until the deadline (answered by it plus {@link LockTimings#ANSWER_GRACE_NANOS}),
     * or for ever (failing once the backend has not answered for {@link
     * LockTimings#UNANSWERED_NANOS}). The backend owns how it waits: requests, their answers,
     * interrupt checks.
     *
     * @param startNanos {@code System.nanoTime()} when the caller began
     * @return the fencing token (always {@code > 0}) when acquired, {@code 0} when not within the deadline
     * @throws BackendUnavailableException if the backend cannot be reached, gives no answer in time,
     *     or refuses every lock ({@link LockBackend#refusal()})
     * @throws InterruptedException if the thread is interrupted while waiting (nothing is then held)
     */
    long acquire(Deadline deadline, long startNanos) throws InterruptedException;

    /**
     * Releases one hold of the calling thread.
     *
     * @throws BackendLockLostException if the calling thread's hold was lost (session ended)
     * @throws BackendUnavailableException if the backend cannot be reached
     */
    void release();
}
