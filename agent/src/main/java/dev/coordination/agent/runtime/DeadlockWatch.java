package dev.coordination.agent.runtime;

import dev.coordination.agent.deadlock.DeadlockDetector;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * This JVM's deadlock detector, wired to its threads' waits and its backend's board, scanning on a
 * daemon thread of its own for as long as the JVM runs.
 */
final class DeadlockWatch {

    DeadlockWatch(ThreadLocks locks, LockBackend backend, long thresholdMillis) {
        LockStripes stripes = locks.stripes();
        String prefix = locks.prefix();
        Function<String, Object> stripeOf = stripes.isPerName()
                ? null
                : fullName -> stripes.of(fullName.startsWith(prefix) ? fullName.substring(prefix.length()) : fullName);
        DeadlockDetector detector = new DeadlockDetector(
                backend.memberId(),
                TimeUnit.MILLISECONDS.toNanos(thresholdMillis),
                backend.waitBoard(),
                new LongWaits(locks.registry(), backend.memberId()),
                stripeOf,
                backend::isReady);
        ScheduledExecutorService scans = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "coordination-deadlocks");
            thread.setDaemon(true);
            return thread;
        });
        scans.scheduleWithFixedDelay(
                detector::scan, DeadlockDetector.SCAN_MILLIS, DeadlockDetector.SCAN_MILLIS, TimeUnit.MILLISECONDS);
    }
}
