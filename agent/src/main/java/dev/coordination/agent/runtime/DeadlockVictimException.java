package dev.coordination.agent.runtime;

/**
 * A wait that the deadlock detector failed to break a cycle of waits; carries the cycle's report.
 * The runtime turns it into the application's {@code LockDeadlockException}.
 */
final class DeadlockVictimException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    DeadlockVictimException(String report) {
        super(report, null, false, false);
    }
}
