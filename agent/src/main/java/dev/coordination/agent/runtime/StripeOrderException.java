package dev.coordination.agent.runtime;

/**
 * A nested locked call gave up waiting for a stripe below one its thread holds, so that two such
 * threads never wait for each other for ever ({@link ThreadLocks#OUT_OF_ORDER_WAIT_NANOS}).
 * Reported to the application as {@code LockAcquireFailedException}; the method did not run.
 */
final class StripeOrderException extends RuntimeException {
    StripeOrderException(String message) {
        super(message, null, false, false);
    }
}
