package dev.coordination.chaos;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds calls that never ended although their JVM lived to the end of the run. The runner lets every
 * call finish before it ends the run, and every call has a bound, so a call still open then is stuck:
 * a waiter that never answered, or a body that never returned.
 */
final class NeverEndedCheck {

    private NeverEndedCheck() {}

    static List<Violation> find(History history) {
        List<Violation> found = new ArrayList<>();
        for (Call call : history.calls()) {
            Jvm jvm = history.jvm(call.jvm());
            if (call.ended() || jvm == null || !history.aliveAtEnd(jvm)) {
                continue;
            }
            String state = call.bodyRan()
                    ? "its body had run since " + Times.at(history, call.acquiredMicros())
                    : "it was still waiting for its locks";
            found.add(new Violation(
                    Property.NEVER_ENDED,
                    call.names(),
                    List.of(call.id()),
                    List.of(call.jvm()),
                    call.startMicros(),
                    Math.max(call.startMicros(), history.endMicros()),
                    call.id() + " (" + BoundCheck.describe(call) + ", " + String.join(",", call.names())
                            + ") started at " + Times.at(history, call.startMicros()) + " and had not ended when the"
                            + " run ended at " + Times.at(history, history.endMicros()) + " (" + state + "), though "
                            + call.jvm() + " was still there"));
        }
        return found;
    }
}
