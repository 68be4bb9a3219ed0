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
     * @param nameTag {@link LockStripes#tag} of the name this hold is for: carried by the request, so
     *     that a caller refused meanwhile can tell which name holds the lock ({@link #holder})
     * @return the fencing token (always {@code > 0}) when acquired, {@code 0} when not within the deadline
     * @throws BackendUnavailableException if the backend cannot be reached, gives no answer in time,
     *     or refuses every lock ({@link LockBackend#refusal()})
     * @throws InterruptedException if the thread is interrupted while waiting (nothing is then held)
     */
    long acquire(Deadline deadline, long startNanos, long nameTag) throws InterruptedException;

    /** Who holds a stripe, as far as a caller that was refused it can tell. */
    enum Holder {
        /** Nobody holds it now (it was freed since). */
        NOBODY,
        /** The name asked for holds it (true contention). */
        SAME_NAME,
        /** Another name of the stripe holds it (false contention). */
        OTHER_NAME,
        /** Another JVM holds it, for this name or another of the stripe (which, only that JVM knows). */
        OTHER_JVM,
        /** Not known: no answer in time, or a holder whose requests carry no name tag. */
        UNKNOWN
    }

    /**
     * Who holds this lock now, compared with the name a refused caller asked for; one bounded
     * question to the backend, asked only after a refusal, never on the way to a grant. An interrupt
     * ends it with {@link Holder#UNKNOWN} and stays set.
     *
     * @param nameTag {@link LockStripes#tag} of the name the caller asked for
     * @param boundNanos how long the question may take; past it the answer is {@link Holder#UNKNOWN}
     */
    default Holder holder(long nameTag, long boundNanos) {
        return Holder.UNKNOWN;
    }

    /**
     * Releases one hold of the calling thread.
     *
     * @throws BackendLockLostException if the calling thread's hold was lost (session ended)
     * @throws BackendUnavailableException if the backend cannot be reached
     */
    void release();
}
