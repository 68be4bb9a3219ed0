package dev.coordination.agent.runtime;

/** The lock service could not be used: not up yet, stopped, unreachable, or refusing every lock. */
public final class BackendUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
