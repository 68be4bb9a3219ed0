package dev.coordination.chaos;

/**
 * How a call ended, as its caller saw it. Only {@link #LOST} excuses a section that overlapped the
 * next holder's: the agent told the caller its lock was gone.
 */
public enum Outcome {
    /** The method returned (or threw its own exception) with every lock held throughout. */
    RETURNED("returned"),
    /** {@code LockAcquireFailedException}: the body did not run. */
    ACQUIRE_FAILED("acquire-failed"),
    /** {@code LockLostException}: a lock was lost while the body ran, or its release got no answer. */
    LOST("lost"),
    /** {@code LockDeadlockException}. */
    DEADLOCK("deadlock"),
    /** Any other exception; the call keeps its class name. */
    OTHER("other"),
    /** The call had not ended when its line was last written ({@code -}). */
    UNFINISHED("-");

    private final String text;

    Outcome(String text) {
        this.text = text;
    }

    /** The word the history files use ({@code other} is written {@code other:ClassName}). */
    public String text() {
        return text;
    }
}
