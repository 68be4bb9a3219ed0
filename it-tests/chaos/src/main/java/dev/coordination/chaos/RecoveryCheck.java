package dev.coordination.chaos;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds application JVMs that did not lock again after the last heal: every one still there at the
 * end must have a call that returned with its body begun within the recovery window of the heal
 * (or of its own readiness, when it became ready later; of its start, when its first lock did not
 * come within the runner's bound, since its workers run all the same). Without a heal there is
 * nothing to recover from.
 */
final class RecoveryCheck {

    private RecoveryCheck() {}

    static List<Violation> find(History history, Limits limits) {
        long heal = history.lastHealMicros();
        List<Violation> found = new ArrayList<>();
        if (heal == Call.NONE) {
            return found;
        }
        for (Jvm jvm : history.applicationJvms()) {
            if (!history.aliveAtEnd(jvm)) {
                continue;
            }
            // A JVM whose first lock did not come within the runner's bound still runs its workers.
            boolean neverReady = jvm.readyMicros() == Call.NONE;
            long from = Math.max(heal, neverReady ? jvm.startMicros() : jvm.readyMicros());
            long deadline = from + limits.recoveryMicros();
            Call first = history.calls().stream()
                    .filter(call -> call.jvm().equals(jvm.name()) && call.outcome() == Outcome.RETURNED)
                    .filter(call -> call.acquiredMicros() >= from)
                    .min((a, b) -> Long.compare(a.acquiredMicros(), b.acquiredMicros()))
                    .orElse(null);
            if (first != null && first.acquiredMicros() <= deadline) {
                continue;
            }
            String since = (from == heal ? "the heal at " : neverReady ? "its start at " : "it became ready at ")
                    + Times.at(history, from);
            String found1 = first == null
                    ? "no call of it returned after that"
                    : "its first call that returned after that, " + first.id() + ", got its locks "
                            + Times.span(first.acquiredMicros() - from) + " later";
            String ended = history.endMicros() < deadline
                    ? " (the run ended " + Times.span(history.endMicros() - from) + " after it)"
                    : "";
            found.add(violation(
                    jvm,
                    from,
                    Math.min(deadline, history.endMicros()),
                    jvm.name() + " did not lock within " + Times.span(limits.recoveryMicros()) + " of " + since + ": "
                            + found1 + ended
                            + (neverReady ? " (its first lock never came within the runner's bound)" : "")));
        }
        return found;
    }

    private static Violation violation(Jvm jvm, long from, long to, String why) {
        return new Violation(Property.RECOVERY, List.of(), List.of(), List.of(jvm.name()), from, to, why);
    }
}
