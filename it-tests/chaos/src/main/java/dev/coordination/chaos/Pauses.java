package dev.coordination.chaos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * When each JVM was stopped by the nemesis (SIGSTOP), merged where pauses overlap. A paused JVM runs
 * nothing, its calls included, so the time it spent paused is not the agent's to answer for.
 */
final class Pauses {

    private final Map<String, List<long[]>> byJvm = new HashMap<>();

    private Pauses(History history) {
        Map<String, List<long[]>> raw = new HashMap<>();
        for (Fault fault : history.faults()) {
            if (fault.kind().pauses()) {
                for (String target : fault.targets()) {
                    raw.computeIfAbsent(target, any -> new ArrayList<>())
                            .add(new long[] {fault.startMicros(), fault.endOr(history.endMicros())});
                }
            }
        }
        raw.forEach((jvm, intervals) -> byJvm.put(jvm, merged(intervals)));
    }

    static Pauses of(History history) {
        return new Pauses(history);
    }

    /** How long {@code jvm} was paused within [fromMicros, toMicros]. */
    long pausedMicros(String jvm, long fromMicros, long toMicros) {
        long paused = 0;
        for (long[] interval : byJvm.getOrDefault(jvm, List.of())) {
            paused += Math.max(0, Math.min(toMicros, interval[1]) - Math.max(fromMicros, interval[0]));
        }
        return paused;
    }

    /** The merged pauses of {@code jvm}, each {from, to}, by start. */
    List<long[]> of(String jvm) {
        return byJvm.getOrDefault(jvm, List.of());
    }

    private static List<long[]> merged(List<long[]> intervals) {
        intervals.sort((a, b) -> Long.compare(a[0], b[0]));
        List<long[]> merged = new ArrayList<>();
        for (long[] interval : intervals) {
            long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && interval[0] <= last[1]) {
                last[1] = Math.max(last[1], interval[1]);
            } else {
                merged.add(new long[] {interval[0], interval[1]});
            }
        }
        return merged;
    }
}
