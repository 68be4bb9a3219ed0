package dev.coordination.agent.health;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at the member about once a second on a daemon thread of its own and keeps the last look
 * with the time it was taken, so an HTTP probe is answered from memory at once and never waits on
 * the cluster. Agent jar, system class loader.
 */
final class HealthWatch {

    static final long PERIOD_MILLIS = 1000;

    private static final Logger log = LoggerFactory.getLogger(HealthWatch.class);

    /** The last look and when it was taken ({@code System.nanoTime()}); replaced whole, never changed. */
    record Look(MemberFacts facts, long takenNanos) {}

    private final MemberProbe probe;
    private final Thread thread;
    private volatile Look last;

    HealthWatch(MemberProbe probe) {
        this.probe = probe;
        this.last = new Look(null, System.nanoTime());
        this.thread = new Thread(this::run, "coordination-health-watch");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void stop() {
        thread.interrupt();
    }

    Look last() {
        return last;
    }

    private void run() {
        String said = null;
        try {
            while (true) {
                MemberFacts facts;
                try {
                    facts = probe.look();
                } catch (RuntimeException e) {
                    facts = null;
                    if (!e.toString().equals(said)) {
                        said = e.toString();
                        log.debug("Health check failed: {}", said);
                    }
                }
                if (facts != null) {
                    last = new Look(facts, System.nanoTime());
                }
                TimeUnit.MILLISECONDS.sleep(PERIOD_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
