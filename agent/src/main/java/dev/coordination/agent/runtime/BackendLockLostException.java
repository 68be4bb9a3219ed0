package dev.coordination.agent.runtime;

/** The calling thread's hold of a lock ended underneath it (its CP session expired or was closed). */
public final class BackendLockLostException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BackendLockLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
