package dev.coordination.it.apps;

import dev.coordination.LockAcquireFailedException;
import dev.coordination.Synchronized;
import java.util.concurrent.TimeUnit;

/**
 * {@code TIMED NAME}: one call that waits at most two seconds for its lock; {@code TRYNOW NAME}: one
 * that does not wait ({@code blocking = false}). Replies {@code OK outcome=ran millis=M} or {@code OK
 * outcome=failed millis=M bodyRan=false message=...}, so a test can see whether the bound was
 * honoured while the cluster could not answer.
 */
final class TimedService {

    private volatile boolean bodyRan;

    @Synchronized(value = "{name}", timeout = 2)
    void withinTwoSeconds(String name) {
        bodyRan = true;
    }

    @Synchronized(value = "{name}", blocking = false)
    void withoutWaiting(String name) {
        bodyRan = true;
    }

    String call(String name) {
        return timed(() -> withinTwoSeconds(name));
    }

    String tryNow(String name) {
        return timed(() -> withoutWaiting(name));
    }

    private String timed(Runnable call) {
        bodyRan = false;
        long start = System.nanoTime();
        try {
            call.run();
            return "OK outcome=ran millis=" + millisSince(start);
        } catch (LockAcquireFailedException e) {
            return "OK outcome=failed millis=" + millisSince(start) + " bodyRan=" + bodyRan + " message="
                    + ScenarioApp.oneLine(e);
        }
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
