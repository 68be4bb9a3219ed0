package dev.coordination.chaos;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds calls that waited longer than their bound. The wait runs from the call's start to its body's
 * start, or to its end when the body did not run. Time its own JVM spent paused is taken off: a
 * stopped JVM cannot answer. Calls cut short by their JVM's death are not judged, and calls that
 * never ended are left to {@link NeverEndedCheck}.
 *
 * <p>A call without a timeout waits as long as others hold its names; its bound is for a cluster
 * that has gone silent. So its wait is counted from the last sign, during the wait, that the cluster
 * answered about one of its names: another call's grant of it, or the end of another call's body
 * on it (a release follows). Time its JVM spent on the majority side of the faults in force
 * ({@link MajoritySide}) is not counted either: that cluster answers, and may keep a lost holder's
 * lock for a TTL after each leader election. So such a call is held to its bound over time when its
 * JVM was cut off from the cluster, and over time without faults.
 */
final class BoundCheck {

    private BoundCheck() {}

    static List<Violation> find(History history, Limits limits, Pauses pauses, MajoritySide majoritySide) {
        List<Violation> found = new ArrayList<>();
        Map<String, long[]> activity = activityByName(history);
        for (Call call : history.calls()) {
            if (!call.ended()) {
                continue;
            }
            Jvm jvm = history.jvm(call.jvm());
            long waitEnd = call.waitEndMicros();
            long from = call.startMicros();
            if (call.timeoutMillis() == Call.NONE) {
                for (String name : call.names()) {
                    from = Math.max(from, lastBefore(activity.get(name), waitEnd, call));
                }
            }
            long paused = pauses.pausedMicros(call.jvm(), from, waitEnd);
            long disturbed = call.timeoutMillis() == Call.NONE ? majoritySide.micros(call.jvm(), from, waitEnd) : 0;
            long waited = waitEnd - from - paused - disturbed;
            long bound = limits.boundMicros(call, jvm == null ? Call.NONE : jvm.readyMicros());
            if (waited > bound) {
                found.add(new Violation(
                        Property.BOUND,
                        call.names(),
                        List.of(call.id()),
                        List.of(call.jvm()),
                        from,
                        waitEnd,
                        call.id() + " (" + describe(call) + ") waited " + Times.span(waited) + " for "
                                + String.join(",", call.names())
                                + (from > call.startMicros()
                                        ? " after the last grant or release of it by another call"
                                        : "")
                                + (paused > 0 ? " (" + Times.span(paused) + " paused, not counted)" : "")
                                + (disturbed > 0
                                        ? " (" + Times.span(disturbed) + " on the majority side of faults, not counted)"
                                        : "")
                                + " and " + (call.bodyRan() ? "got it" : "ended " + call.outcomeText())
                                + ": its bound is " + Times.span(bound)));
            }
        }
        return found;
    }

    /** Per name, the sorted times other calls were granted it or ended their body on it. */
    private static Map<String, long[]> activityByName(History history) {
        Map<String, List<Long>> times = new HashMap<>();
        for (Call call : history.calls()) {
            for (String name : call.names()) {
                List<Long> list = times.computeIfAbsent(name, n -> new ArrayList<>());
                if (call.acquiredMicros() != Call.NONE) {
                    list.add(call.acquiredMicros());
                }
                if (call.bodyEndMicros() != Call.NONE) {
                    list.add(call.bodyEndMicros());
                }
            }
        }
        Map<String, long[]> sorted = new HashMap<>();
        times.forEach((name, list) -> {
            long[] array = list.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(array);
            sorted.put(name, array);
        });
        return sorted;
    }

    /**
     * The latest of {@code times} before {@code end}, other than {@code call}'s own (its own grant
     * ends the wait, it does not start it), or {@code Call.NONE}.
     */
    private static long lastBefore(long[] times, long end, Call call) {
        if (times == null) {
            return Call.NONE;
        }
        int index = Arrays.binarySearch(times, end);
        int at = index >= 0 ? index - 1 : -index - 2;
        while (at >= 0 && (times[at] == call.acquiredMicros() || times[at] == call.bodyEndMicros())) {
            at--;
        }
        return at >= 0 ? times[at] : Call.NONE;
    }

    static String describe(Call call) {
        return call.shape().text()
                + (call.timeoutMillis() == Call.NONE ? "" : ", timeout " + call.timeoutMillis() + " ms");
    }
}
