package dev.coordination.agent.hazelcast;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One daemon thread for the CP calls the agent sends again later, after their caller has moved on:
 * unlocks that had no answer ({@link PendingReleases}) and requests being withdrawn ({@link
 * Withdrawal}). Tasks only send calls and return; answers arrive on Hazelcast's threads. Agent jar,
 * system class loader.
 */
final class CpRetries {

    private static final ScheduledExecutorService retries =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("coordination-cp-retry"));

    private CpRetries() {}

    static void later(Runnable task, long millis) {
        retries.schedule(task, millis, TimeUnit.MILLISECONDS);
    }
}
