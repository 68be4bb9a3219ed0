package dev.coordination.chaos;

/**
 * One JVM of a run and its one life: started, ready, and gone (killed, or stopped at the end). A JVM
 * started again after a kill is another JVM with a name of its own.
 *
 * @param readyMicros when it could serve calls, or {@link Call#NONE} if it never could
 * @param goneMicros when it was killed or stopped, or {@link Call#NONE} while it lived
 */
public record Jvm(String name, JvmRole role, String host, long startMicros, long readyMicros, long goneMicros) {

    public boolean application() {
        return role.application();
    }

    /** Whether it was gone before {@code micros}: killed during the run when that is the run's end. */
    public boolean goneBefore(long micros) {
        return goneMicros != Call.NONE && goneMicros < micros;
    }

    /** The same JVM, gone at {@code micros}. */
    public Jvm goneAt(long micros) {
        return new Jvm(name, role, host, startMicros, readyMicros, micros);
    }
}
