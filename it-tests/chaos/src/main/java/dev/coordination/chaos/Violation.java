package dev.coordination.chaos;

import java.util.List;

/**
 * One thing a run did that the product promises it never does, with enough to find it in the
 * history and the picture: the property, the names, calls and JVMs involved, when, and why in one
 * line.
 *
 * @param fromMicros when it began to be a violation
 * @param toMicros when it ended (equal to {@code fromMicros} for a moment)
 */
public record Violation(
        Property property,
        List<String> names,
        List<CallId> calls,
        List<String> jvms,
        long fromMicros,
        long toMicros,
        String explanation) {

    public Violation {
        names = List.copyOf(names);
        calls = List.copyOf(calls);
        jvms = List.copyOf(jvms);
    }

    /** The JVMs of {@code calls}, in order, without repeats. */
    static List<String> jvmsOf(List<CallId> calls) {
        return calls.stream().map(CallId::jvm).distinct().toList();
    }
}
