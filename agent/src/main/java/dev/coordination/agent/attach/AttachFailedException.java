package dev.coordination.agent.attach;

/** The {@code attach} command could not attach the agent; the message says why and what to do. */
public final class AttachFailedException extends Exception {

    private static final long serialVersionUID = 1L;

    AttachFailedException(String message) {
        super(message);
    }

    AttachFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
