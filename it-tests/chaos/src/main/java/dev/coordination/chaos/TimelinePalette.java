package dev.coordination.chaos;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The timeline's colours. Each application JVM gets a colour of its own from a palette without red,
 * which is kept for violations; JVMs without workload are grey. Fault bands are pale so the bars in
 * front of them stay readable.
 */
final class TimelinePalette {

    static final String VIOLATION = "#d62728";
    static final String MEMBER = "#8c8c8c";
    static final String PAUSED = "#e3a21a";
    static final String CUT_OFF = "#3b3b3b";
    static final String LOST = "#000000";

    private static final List<String> JVM_COLOURS = List.of(
            "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2", "#bcbd22", "#393b79",
            "#637939");

    private final Map<String, String> byJvm = new HashMap<>();

    TimelinePalette(History history) {
        int next = 0;
        for (Jvm jvm : history.jvms()) {
            byJvm.put(jvm.name(), jvm.application() ? JVM_COLOURS.get(next++ % JVM_COLOURS.size()) : MEMBER);
        }
    }

    String jvm(String name) {
        return byJvm.getOrDefault(name, MEMBER);
    }

    /** The pale colour of a fault's band. */
    static String band(FaultKind kind) {
        return switch (kind.effect()) {
            case NETWORK -> "#7fa7d9";
            case PAUSE -> "#f2c744";
            case KILL -> "#9a9a9a";
        };
    }

    /** The darker colour of a fault's label. */
    static String label(FaultKind kind) {
        return switch (kind.effect()) {
            case NETWORK -> "#2f5f9e";
            case PAUSE -> "#9a6c00";
            case KILL -> "#4d4d4d";
        };
    }
}
