package dev.coordination.agent.hazelcast;

/**
 * A {@code cp} command that needs Hazelcast's CP management, run where there is none (CP unsafe
 * mode); its message is the one line the command prints.
 */
public final class CpUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    CpUnavailableException(String message) {
        super(message);
    }
}
