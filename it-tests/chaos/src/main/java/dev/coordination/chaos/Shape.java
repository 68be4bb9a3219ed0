package dev.coordination.chaos;

/**
 * How a call asks for its locks. The shape decides which bound the call's wait must keep: a call
 * that does not wait answers within the non-blocking bound, one with a timeout within its timeout,
 * one without a timeout within the bound of a silent cluster.
 */
public enum Shape {
    /** An annotated method without a timeout: waits as long as the lock is held. */
    BLOCKING("blocking"),
    /** An annotated method with {@code timeoutMillis} set. */
    TIMEOUT("timeout"),
    /** A call that does not wait: {@code blocking = false}, or the facade's {@code tryLock()}. */
    TRY("try"),
    /** One annotation naming two locks. */
    TWO("two"),
    /** A call made inside another call's body, on the same thread. */
    NESTED("nested"),
    /** {@code Coordination.getLock(...)} used by hand. */
    FACADE("facade");

    private final String text;

    Shape(String text) {
        this.text = text;
    }

    /** The word the history files use. */
    public String text() {
        return text;
    }
}
