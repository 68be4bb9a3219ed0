package dev.coordination.agent.hazelcast;

import dev.coordination.agent.runtime.BackendUnavailableException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Words for a CP call that failed or got no answer: with a client that has lost its connection, the
 * outage it is in says more than Hazelcast's exception, so it leads the message. Agent jar, system
 * class loader.
 */
final class CallFailures {

    /** Why the cluster cannot be reached right now, or null ({@link ClusterConnection#outage()}). */
    private final Supplier<String> outage;

    CallFailures(Supplier<String> outage) {
        this.outage = outage;
    }

    Supplier<String> outage() {
        return outage;
    }

    BackendUnavailableException unavailable(String what, Throwable cause) {
        return unavailable(what, -1, cause);
    }

    /** @param waitedNanos how long the caller waited for an answer, or -1 when it did not wait */
    BackendUnavailableException unavailable(String what, long waitedNanos, Throwable cause) {
        String down = outage.get();
        if (down != null) {
            String waited = waitedNanos < 0 ? "" : "; gave up after waiting " + seconds(waitedNanos) + " for an answer";
            String detail = what.startsWith("no answer") ? "" : " (Hazelcast: " + what + ": " + cause + ")";
            return new BackendUnavailableException(
                    "the lock cluster cannot be reached: " + down + waited + detail, cause);
        }
        return new BackendUnavailableException("Hazelcast: " + what + (cause == null ? "" : " (" + cause + ")"), cause);
    }

    static String seconds(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos) / 1000.0 + "s";
    }
}
