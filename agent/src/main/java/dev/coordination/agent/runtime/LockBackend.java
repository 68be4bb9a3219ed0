package dev.coordination.agent.runtime;

/**
 * Where the distributed locks live. The runtime needs only this; {@code HazelcastLockBackend} is
 * the real one, unit tests use an in-memory one.
 */
public interface LockBackend {

    /**
     * The lock of one full name (prefix included), ready to use. Waits for the backend to come up
     * (it starts in the background) at most {@code readyWaitNanos}.
     *
     * @throws BackendUnavailableException if the backend is not up in time, was stopped, or cannot
     *     be reached
     * @throws InterruptedException if interrupted while waiting for the backend to come up
     */
    BackendLock lock(String fullName, long readyWaitNanos) throws InterruptedException;

    /** The seed's member id: prefix + agent id. */
    String memberId();

    /** Whether locks can be asked for now: connected (or the embedded member running). Never blocks. */
    boolean isReady();

    /** A few words on the connection, for operators: running, starting (and on what it waits), stopped, failed. */
    String status();

    /** Connects (or starts the embedded member) in the background; does nothing when running. */
    void start();

    /** Disconnects; later calls fail with {@link BackendUnavailableException} until {@link #start()}. */
    void stop();
}
