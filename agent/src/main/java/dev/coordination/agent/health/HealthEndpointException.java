package dev.coordination.agent.health;

/** The health endpoint cannot listen where {@code coordination.health-port} says; the member must not start. */
public final class HealthEndpointException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    HealthEndpointException(String message) {
        super(message);
    }

    HealthEndpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
