package dev.coordination;

/**
 * A method ran, but a distributed lock it held was lost underneath it, so its section may not
 * have been exclusive.
 *
 * <p>A lock is lost when the CP session that held it ended before it was released: the JVM could
 * not heartbeat for longer than {@code coordination.session-ttl} (a long GC pause, a network
 * partition), or the session was closed by an operator. Another holder may have entered the
 * section meanwhile. Use fencing tokens ({@link Coordination#fence(String)}) when the shared
 * resource can check them.
 *
 * <p>Thrown after the method returned normally; when the method itself threw, this exception is
 * added to the method's exception as {@linkplain Throwable#getSuppressed() suppressed} instead, so
 * the original failure is never hidden. Every lock of the method is still released (or found
 * already gone) before this is thrown.
 */
public class LockLostException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String lockName;

    /**
     * @param message what happened, naming the lock and the method
     * @param lockName the full lock name (prefix included)
     * @param cause the backend's report of the loss, or {@code null}
     */
    public LockLostException(String message, String lockName, Throwable cause) {
        super(message, cause);
        this.lockName = lockName;
    }

    /**
     * @return the full name (configured prefix included) of the lock that was lost
     */
    public String lockName() {
        return lockName;
    }
}
