package dev.coordination.agent.runtime;

/** One distributed, reentrant, thread-owned lock with fencing tokens. */
public interface BackendLock {

    String fullName();

    /**
     * Tries to acquire, waiting at most {@code waitNanos} ({@code <= 0}: one attempt, no wait).
     *
     * @return the fencing token (always {@code > 0}) when acquired, {@code 0} when not
     * @throws BackendUnavailableException if the backend cannot be reached
     */
    long tryAcquire(long waitNanos);

    /**
     * Releases one hold of the calling thread.
     *
     * @throws BackendLockLostException if the calling thread's hold was lost (session ended)
     * @throws BackendUnavailableException if the backend cannot be reached
     */
    void release();
}
