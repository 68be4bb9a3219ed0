package dev.coordination.chaos;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds calls that ended with an exception the contract does not name. A locked call returns (its
 * body's own exceptions pass through as they are), or fails with {@code LockAcquireFailedException},
 * {@code LockDeadlockException} or {@code LockLostException}; anything else that reaches the caller,
 * a {@code NullPointerException} out of the agent say, is a bug, however the lock fared.
 */
final class UnexpectedExceptionCheck {

    private UnexpectedExceptionCheck() {}

    static List<Violation> find(History history) {
        List<Violation> found = new ArrayList<>();
        for (Call call : history.calls()) {
            if (call.outcome() != Outcome.OTHER) {
                continue;
            }
            found.add(new Violation(
                    Property.UNEXPECTED_EXCEPTION,
                    call.names(),
                    List.of(call.id()),
                    List.of(call.jvm()),
                    call.startMicros(),
                    Math.max(call.startMicros(), call.endMicros()),
                    call.id() + " (" + BoundCheck.describe(call) + ", " + String.join(",", call.names())
                            + ") ended at " + Times.at(history, call.endMicros()) + " with " + call.exception()
                            + ", which is not one of the agent's exceptions"));
        }
        return found;
    }
}
