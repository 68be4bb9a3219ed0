package dev.coordination.chaos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds two calls running a section of one name at once. The one excuse is a lost lock: the earlier
 * holder's session ended under it, so the lock passed on, and the agent told it so
 * ({@link Outcome#LOST}). A holder killed in its section cannot be told; it is excused the same way
 * when a fault kept it from the cluster (paused, or outside the fault's majority) while it held the
 * lock, which is how its session could have ended.
 *
 * <p>One violation per earlier section, listing every section that began inside it: a holder that
 * never let go would otherwise fill the report with one line per later grant.
 */
final class OverlapCheck {

    private static final int CALLS_LISTED = 10;

    private OverlapCheck() {}

    static List<Violation> find(History history, Sections sections) {
        List<Violation> found = new ArrayList<>();
        for (String name : sections.names()) {
            Map<Section, List<Section>> overlapped = new LinkedHashMap<>();
            List<Section> active = new ArrayList<>();
            for (Section later : sections.of(name)) {
                active.removeIf(section -> section.toMicros() <= later.fromMicros());
                for (Section earlier : active) {
                    if (earlier.overlaps(later) && !excused(history, earlier, later)) {
                        overlapped
                                .computeIfAbsent(earlier, any -> new ArrayList<>())
                                .add(later);
                    }
                }
                active.add(later);
            }
            overlapped.forEach((earlier, laters) -> found.add(violation(history, name, earlier, laters)));
        }
        return found;
    }

    private static boolean excused(History history, Section earlier, Section later) {
        if (earlier.lost() || (earlier.fromMicros() == later.fromMicros() && later.lost())) {
            return true;
        }
        return earlier.ending() == Section.Ending.JVM_GONE
                && keptFromCluster(history, earlier.call().jvm(), earlier.fromMicros(), later.fromMicros());
    }

    private static boolean keptFromCluster(History history, String jvm, long fromMicros, long toMicros) {
        for (Fault fault : history.faults()) {
            boolean during = fault.startMicros() <= toMicros && fault.endOr(history.endMicros()) > fromMicros;
            boolean againstJvm = fault.kind().pauses()
                    ? fault.targets().contains(jvm)
                    : !fault.majority().contains(jvm);
            if (during && againstJvm) {
                return true;
            }
        }
        return false;
    }

    private static Violation violation(History history, String name, Section earlier, List<Section> laters) {
        Section first = laters.get(0);
        long to = Math.min(
                earlier.toMicros(),
                laters.stream().mapToLong(Section::toMicros).max().orElse(earlier.toMicros()));
        List<CallId> calls = new ArrayList<>();
        calls.add(earlier.call().id());
        laters.stream()
                .limit(CALLS_LISTED)
                .forEach(later -> calls.add(later.call().id()));
        String more = laters.size() == 1 ? "" : " (and " + (laters.size() - 1) + " more section(s) after it)";
        return new Violation(
                Property.OVERLAP,
                List.of(name),
                calls,
                Violation.jvmsOf(calls),
                first.fromMicros(),
                to,
                earlier.call().id() + " held " + name + " from " + Times.at(history, earlier.fromMicros()) + " "
                        + until(history, earlier) + ", but " + first.call().id() + " entered it at "
                        + Times.at(history, first.fromMicros()) + more + ", and "
                        + earlier.call().id() + " "
                        + outcome(earlier));
    }

    private static String until(History history, Section section) {
        return switch (section.ending()) {
            case BODY_END, CALL_END -> "to " + Times.at(history, section.toMicros());
            case JVM_GONE -> "until its JVM died at " + Times.at(history, section.toMicros());
            case RUN_END -> "and never let go";
        };
    }

    private static String outcome(Section section) {
        return switch (section.ending()) {
            case JVM_GONE -> "was killed in the section without a fault that kept it from the cluster";
            case RUN_END -> "never ended";
            default -> "ended " + section.call().outcomeText() + " (only a lost lock excuses an overlap)";
        };
    }
}
