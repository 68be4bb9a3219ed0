package dev.coordination.chaos;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds calls that ended with an exception the contract does not name, or with a deadlock the
 * workload cannot have. A locked call returns (its body's own exceptions pass through as they are),
 * or fails with {@code LockAcquireFailedException} or {@code LockLostException}; anything else that
 * reaches the caller, a {@code NullPointerException} out of the agent say, is a bug, however the lock
 * fared. And the workers nest their calls in one order of names, so no cycle of waits can form: a
 * {@code LockDeadlockException} is a false alarm of the deadlock detection.
 */
final class UnexpectedExceptionCheck {

    private UnexpectedExceptionCheck() {}

    static List<Violation> find(History history) {
        List<Violation> found = new ArrayList<>();
        for (Call call : history.calls()) {
            if (call.outcome() != Outcome.OTHER && call.outcome() != Outcome.DEADLOCK) {
                continue;
            }
            String why = call.outcome() == Outcome.DEADLOCK
                    ? "LockDeadlockException, though the workers take names in one order (no cycle can form)"
                    : call.exception() + ", which is not one of the agent's exceptions";
            found.add(new Violation(
                    Property.UNEXPECTED_EXCEPTION,
                    call.names(),
                    List.of(call.id()),
                    List.of(call.jvm()),
                    call.startMicros(),
                    Math.max(call.startMicros(), call.endMicros()),
                    call.id() + " (" + BoundCheck.describe(call) + ", " + String.join(",", call.names()) + ") ended at "
                            + Times.at(history, call.endMicros()) + " with " + why));
        }
        return found;
    }
}
