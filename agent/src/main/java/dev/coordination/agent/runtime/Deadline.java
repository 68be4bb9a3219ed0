package dev.coordination.agent.runtime;

/** How long one call may wait for all of its locks together: no wait, a deadline, or forever. */
public final class Deadline {

    private static final Deadline NO_WAIT = new Deadline(false, false, 0);
    private static final Deadline FOREVER = new Deadline(true, false, 0);

    private final boolean waits;
    private final boolean bounded;
    private final long deadlineNanos;

    private Deadline(boolean waits, boolean bounded, long deadlineNanos) {
        this.waits = waits;
        this.bounded = bounded;
        this.deadlineNanos = deadlineNanos;
    }

    public static Deadline noWait() {
        return NO_WAIT;
    }

    public static Deadline forever() {
        return FOREVER;
    }

    public static Deadline after(long nanos, long nowNanos) {
        return new Deadline(true, true, nowNanos + nanos);
    }

    public boolean waits() {
        return waits;
    }

    public boolean bounded() {
        return bounded;
    }

    /**
     * Nanoseconds left until the latest moment the call may answer (its deadline plus {@link
     * LockTimings#ANSWER_GRACE_NANOS}), never negative; {@code Long.MAX_VALUE} when unbounded.
     */
    public long answerLeftNanos(long nowNanos) {
        if (!bounded) {
            return waits ? Long.MAX_VALUE : 0;
        }
        return Math.max(0, deadlineNanos + LockTimings.ANSWER_GRACE_NANOS - nowNanos);
    }

    /**
     * How long the call, failing now, may still wait for the backend to confirm the release of what
     * it had taken: to its answer bound ({@link #answerLeftNanos}); a call that does not wait, to the
     * end of its {@link LockTimings#NO_WAIT_ANSWER_NANOS}; a call without a deadline, {@link
     * LockTimings#ANSWER_GRACE_NANOS}, since it fails either once the backend was found silent (its
     * own no-answer bound has run already) or for a reason of its own (an interrupt) that a healthy
     * backend's answer easily fits. Never negative.
     */
    public long failedReleaseNanos(long startNanos, long nowNanos) {
        if (!waits) {
            return Math.max(0, startNanos + LockTimings.NO_WAIT_ANSWER_NANOS - nowNanos);
        }
        return bounded ? answerLeftNanos(nowNanos) : LockTimings.ANSWER_GRACE_NANOS;
    }

    /** Nanoseconds left, never negative; {@code Long.MAX_VALUE} when unbounded. */
    public long remainingNanos(long nowNanos) {
        if (!bounded) {
            return waits ? Long.MAX_VALUE : 0;
        }
        return Math.max(0, deadlineNanos - nowNanos);
    }
}
