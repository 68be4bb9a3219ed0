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

    /**
     * Releases one hold of the calling thread that a call which failed to get all of its locks had
     * taken, waiting for the backend's answer at most {@code boundNanos}: the failing call must throw
     * by its own bound, and the backend may be the very reason it failed. A release that is not
     * confirmed by then goes on in the background, and this throws saying so. Either way the thread
     * holds nothing of it any more: until the backend confirms the release, no thread of this JVM
     * (the calling one included) is granted the lock on the strength of that hold, and a new request
     * waits for the release as any other would. A backend whose release never waits for anything
     * remote may keep this default.
     *
     * @throws BackendLockLostException if the calling thread's hold was lost (session ended)
     * @throws BackendUnavailableException if the release was not confirmed within {@code boundNanos}
     *     (it goes on in the background), or could not reach the backend
     */
    default void releaseWithin(long boundNanos) {
        release();
    }
}
