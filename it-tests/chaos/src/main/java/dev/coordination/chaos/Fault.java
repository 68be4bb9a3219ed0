package dev.coordination.chaos;

import java.util.List;

/**
 * One fault the nemesis injected, from its start to its end.
 *
 * @param targets the JVMs it acts on
 * @param endMicros when it was undone, or {@link Call#NONE} when it lasted to the end of the run
 * @param majority the application JVMs on the side that keeps a majority while it lasts; empty when
 *     no side does
 * @param detail free text from the nemesis
 */
public record Fault(
        String id,
        FaultKind kind,
        List<String> targets,
        long startMicros,
        long endMicros,
        List<String> majority,
        String detail) {

    public Fault {
        targets = List.copyOf(targets);
        majority = List.copyOf(majority);
    }

    /** Its end, or {@code runEndMicros} when it was never undone. */
    public long endOr(long runEndMicros) {
        return endMicros == Call.NONE ? runEndMicros : endMicros;
    }

    /** Whether it was in force at {@code micros}, given the run's end. */
    public boolean activeAt(long micros, long runEndMicros) {
        return startMicros <= micros && micros < endOr(runEndMicros);
    }
}
