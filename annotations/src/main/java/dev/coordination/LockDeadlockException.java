package dev.coordination;

/**
 * A distributed lock was not acquired because the call was waiting in a deadlock, so the guarded
 * method body did not run.
 *
 * <p>The call waited for a lock held by a thread that was itself waiting, directly or through
 * others, for a lock this call's thread holds: a cycle of waits across JVMs, or across threads of
 * one JVM. None of them could ever go on, so one wait of the cycle was chosen to break it (the
 * youngest, the same choice in every JVM) and this call is it. The message names every edge of the
 * cycle: each lock name, the member id of the JVM holding it, the holding thread and the method that
 * took it, since when it is held, and what that thread waits for.
 *
 * <p>Locks this call had already taken have been released again; locks held by the caller's outer
 * frames (enclosing {@link Synchronized} methods) stay held. The caller decides what follows: retry,
 * back off, or give up (leaving the outer methods releases their locks, which lets the other waits
 * go on). The lasting cure is to nest locked methods so that every path takes the names in one order.
 *
 * <p>Only thrown when deadlock detection is on; without it, the calls of a cycle wait until their
 * timeouts, or for ever.
 */
public class LockDeadlockException extends LockAcquireFailedException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message the cycle, one line per edge, naming the method
     * @param lockName the full lock name (prefix included) this call waited for
     * @param cause what made the attempt fail, or {@code null}
     */
    public LockDeadlockException(String message, String lockName, Throwable cause) {
        super(message, lockName, cause);
    }
}
