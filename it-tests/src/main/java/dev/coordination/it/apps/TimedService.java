package dev.coordination.it.apps;

import dev.coordination.LockAcquireFailedException;
import dev.coordination.Synchronized;
import java.util.concurrent.TimeUnit;

/**
 * {@code TIMED NAME}: one call that waits at most two seconds for its lock. Replies {@code OK
 * outcome=ran millis=M} or {@code OK outcome=failed millis=M bodyRan=false message=...}, so a test
 * can see whether a timeout was honoured while the cluster could not answer.
 */
final class TimedService {

    private volatile boolean bodyRan;

    @Synchronized(value = "{name}", timeout = 2)
    void withinTwoSeconds(String name) {
        bodyRan = true;
    }

    String call(String name) {
        bodyRan = false;
        long start = System.nanoTime();
        try {
            withinTwoSeconds(name);
            return "OK outcome=ran millis=" + millisSince(start);
        } catch (LockAcquireFailedException e) {
            return "OK outcome=failed millis=" + millisSince(start) + " bodyRan=" + bodyRan
                    + " message=" + ScenarioApp.oneLine(e);
        }
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
