package dev.coordination.agent.runtime;

import dev.coordination.agent.deadlock.DeadlockDetector;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs the deadlock detector's scans on a daemon thread of its own, for as long as the JVM runs. */
final class DeadlockWatch {

    DeadlockWatch(DeadlockDetector detector) {
        ScheduledExecutorService scans = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "coordination-deadlocks");
            thread.setDaemon(true);
            return thread;
        });
        scans.scheduleWithFixedDelay(
                detector::scan, DeadlockDetector.SCAN_MILLIS, DeadlockDetector.SCAN_MILLIS, TimeUnit.MILLISECONDS);
    }
}
