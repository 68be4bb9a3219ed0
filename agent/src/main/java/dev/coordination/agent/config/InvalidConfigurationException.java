package dev.coordination.agent.config;

/** A configuration value the agent cannot run with; the message is one line naming the key. */
public final class InvalidConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidConfigurationException(String message) {
        super(message);
    }
}
