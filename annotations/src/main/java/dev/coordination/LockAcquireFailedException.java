package dev.coordination;

/**
 * A distributed lock was not acquired, so the guarded method body did not run.
 *
 * <p>Thrown when the lock is taken and the call does not wait ({@code blocking = false}), when the
 * timeout passed, when the waiting thread was interrupted (the cause is then an {@link
 * InterruptedException} and the thread's interrupt flag is set again), or when the lock cluster
 * could not be reached or has not come up in time (the cause says why). Locks the same call had
 * already taken have been released again.
 */
public class LockAcquireFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String lockName;

    /**
     * @param message what happened, naming the lock and the method
     * @param lockName the full lock name (prefix included)
     * @param cause what made the attempt fail, or {@code null}
     */
    public LockAcquireFailedException(String message, String lockName, Throwable cause) {
        super(message, cause);
        this.lockName = lockName;
    }

    /**
     * @return the full name (configured prefix included) of the lock that was not acquired
     */
    public String lockName() {
        return lockName;
    }
}
