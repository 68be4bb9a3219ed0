package dev.coordination.chaos;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds calls that waited longer than their bound. The wait runs from the call's start to its body's
 * start, or to its end when the body did not run. Time its own JVM spent paused is taken off: a
 * stopped JVM cannot answer. Calls cut short by their JVM's death are not judged, and calls that
 * never ended are left to {@link NeverEndedCheck}.
 */
final class BoundCheck {

    private BoundCheck() {}

    static List<Violation> find(History history, Limits limits, Pauses pauses) {
        List<Violation> found = new ArrayList<>();
        for (Call call : history.calls()) {
            if (!call.ended()) {
                continue;
            }
            Jvm jvm = history.jvm(call.jvm());
            long waitEnd = call.waitEndMicros();
            long paused = pauses.pausedMicros(call.jvm(), call.startMicros(), waitEnd);
            long waited = waitEnd - call.startMicros() - paused;
            long bound = limits.boundMicros(call, jvm == null ? Call.NONE : jvm.readyMicros());
            if (waited > bound) {
                found.add(new Violation(
                        Property.BOUND,
                        call.names(),
                        List.of(call.id()),
                        List.of(call.jvm()),
                        call.startMicros(),
                        waitEnd,
                        call.id() + " (" + describe(call) + ") waited " + Times.span(waited) + " for "
                                + String.join(",", call.names())
                                + (paused > 0 ? " (" + Times.span(paused) + " paused, not counted)" : "")
                                + " and " + (call.bodyRan() ? "got it" : "ended " + call.outcomeText())
                                + ": its bound is " + Times.span(bound)));
            }
        }
        return found;
    }

    static String describe(Call call) {
        return call.shape().text()
                + (call.timeoutMillis() == Call.NONE ? "" : ", timeout " + call.timeoutMillis() + " ms");
    }
}
