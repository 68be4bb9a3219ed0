package dev.coordination.agent.hazelcast;

/**
 * A {@code cp} command that could not do its job: a step that did not complete within its bound, or
 * a state in which acting would be unsafe. Its message is the one line the command prints, naming
 * what was wrong and what to do; lines printed before it say what the command saw and did.
 */
public final class CpAdminFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    CpAdminFailedException(String message) {
        super(message);
    }
}
