package dev.coordination.agent.hazelcast;

import com.hazelcast.core.OperationTimeoutException;
import dev.coordination.agent.runtime.BackendUnavailableException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs the rare CP calls that are not tied to the calling thread (the first look-up of a lock
 * name, which commits to the METADATA group; opening a CP session) on a daemon thread, so the
 * caller waits only as long as it may. Without a CP majority Hazelcast would keep such a call
 * retrying for about two minutes.
 */
final class CpCalls {

    private static final ExecutorService pool =
            Executors.newCachedThreadPool(DaemonThreads.named("coordination-cp-call"));

    private CpCalls() {}

    static <T> T bounded(Callable<T> call, long nanos, String what) throws InterruptedException {
        return bounded(call, nanos, what, () -> null);
    }

    /** @param outage why the cluster cannot be reached now, or null ({@link ClusterConnection#outage()}) */
    static <T> T bounded(Callable<T> call, long nanos, String what, Supplier<String> outage)
            throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        while (true) {
            Future<T> result = pool.submit(call);
            try {
                return await(result, deadline, nanos, what, outage);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof OperationTimeoutException) || System.nanoTime() >= deadline) {
                    throw new BackendUnavailableException(
                            "Hazelcast: could not " + what + " (" + e.getCause() + ")", e.getCause());
                }
                // The member asked did not answer (it hangs); Hazelcast asks the new leader next time.
            }
        }
    }

    /** Runs {@code call} on the pool's daemon thread; {@link #await} waits for it, bounded. */
    static <T> Future<T> start(Callable<T> call) {
        return pool.submit(call);
    }

    /**
     * Waits for {@code result} until {@code deadline} ({@code System.nanoTime()}); on timeout cancels
     * it and says why the cluster did not answer.
     *
     * @param nanos the caller's whole bound, for the message
     */
    static <T> T await(Future<T> result, long deadline, long nanos, String what, Supplier<String> outage)
            throws InterruptedException, ExecutionException {
        try {
            return result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            throw noAnswer(nanos, what, outage, e);
        } catch (InterruptedException e) {
            result.cancel(true);
            throw e;
        }
    }

    /** The failure of a call that got no answer within {@code nanos}. */
    static BackendUnavailableException noAnswer(long nanos, String what, Supplier<String> outage, TimeoutException e) {
        String down = outage.get();
        if (down != null) {
            return new BackendUnavailableException(
                    "the lock cluster cannot be reached: " + down + "; gave up after waiting "
                            + TimeUnit.NANOSECONDS.toMillis(nanos) / 1000.0 + "s to " + what,
                    e);
        }
        return new BackendUnavailableException(
                "Hazelcast: no answer from the CP subsystem within "
                        + TimeUnit.NANOSECONDS.toMillis(nanos) / 1000.0 + "s to " + what
                        + " (has it lost the majority of its CP members, or can this JVM not reach it?)",
                e);
    }
}
