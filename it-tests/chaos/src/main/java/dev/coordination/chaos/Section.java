package dev.coordination.chaos;

/**
 * The time one call held one name with its body running: from {@code acquiredMicros} to the body's
 * end. A section whose end was never written ends where the history says it must have: at the
 * call's end, at its JVM's death, or (the call never ended) at the end of the run.
 */
public record Section(Call call, String name, long fence, long fromMicros, long toMicros, Ending ending) {

    /** How a section's end is known. */
    public enum Ending {
        /** The body's end was written. */
        BODY_END,
        /** Only the call's end was written; the locks were released by then. */
        CALL_END,
        /** Its JVM was killed with the body running. */
        JVM_GONE,
        /** Its JVM lived to the end of the run and the call never ended. */
        RUN_END
    }

    /** Whether the caller was told it lost the lock: the one excuse for overlapping the next holder. */
    public boolean lost() {
        return call.outcome() == Outcome.LOST;
    }

    /** Whether it and {@code other} held the name at one moment. */
    public boolean overlaps(Section other) {
        return fromMicros < other.toMicros && other.fromMicros < toMicros;
    }
}
