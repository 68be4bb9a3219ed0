package dev.coordination.it.apps;

import java.util.concurrent.TimeUnit;

/**
 * A virtual thread's heartbeat: sleeps 10 ms in a loop and keeps, per phase of a scenario, the
 * longest gap between two ticks. With few carrier threads, a gap far above 10 ms means no carrier
 * was free to run it: something held them (pinned, or busy).
 */
final class Ticker implements Runnable {

    static final long SLEEP_MILLIS = 10;

    private final String[] phases;
    private final long[] longestGapNanos;
    private final long[] ticks;
    private volatile int phase;
    private volatile boolean running = true;

    Ticker(String... phases) {
        this.phases = phases;
        this.longestGapNanos = new long[phases.length];
        this.ticks = new long[phases.length];
    }

    /** Gaps from now on count for phase {@code index} (the gap that spans the switch counts for the new one). */
    void enter(int index) {
        phase = index;
    }

    void stop() {
        running = false;
    }

    @Override
    public void run() {
        long last = System.nanoTime();
        while (running) {
            try {
                Thread.sleep(SLEEP_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            int current = phase;
            synchronized (this) {
                longestGapNanos[current] = Math.max(longestGapNanos[current], now - last);
                ticks[current]++;
            }
            last = now;
        }
    }

    synchronized long longestGapMillis(int index) {
        return TimeUnit.NANOSECONDS.toMillis(longestGapNanos[index]);
    }

    /** {@code longestGapMs.hold=37 ticks.hold=280 ...} for every phase. */
    synchronized String figures() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < phases.length; i++) {
            text.append(" longestGapMs.")
                    .append(phases[i])
                    .append('=')
                    .append(longestGapMillis(i))
                    .append(" ticks.")
                    .append(phases[i])
                    .append('=')
                    .append(ticks[i]);
        }
        return text.toString().trim();
    }
}
