package dev.coordination.it.apps;

import dev.coordination.Synchronized;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether virtual threads waiting for a lock stall the application. A virtual thread holds lock
 * NAME; WAITERS virtual threads call an annotated method on NAME and wait; a {@link Ticker} virtual
 * thread, sharing the same few carriers (run with {@code -Djdk.virtualThreadScheduler.parallelism=2}),
 * keeps ticking only if the waiters give their carriers back while they wait. Phases: {@code base}
 * (the ticker alone, for scale), {@code hold} (HOLD_MILLIS with everyone waiting), {@code drain}
 * (the holder gone, every waiter through its section one at a time). With {@code monitor}, each
 * waiter calls from inside a {@code synchronized} block of its own: on Java 21-23 that pins it to
 * its carrier while it waits, on 24 and later it does not (JEP 491).
 */
final class CarrierStall {

    static final long BOUND_SECONDS = 180;
    private static final long BASE_MILLIS = 1_000;
    private static final int BASE = 0;
    private static final int HOLD = 1;
    private static final int DRAIN = 2;

    private final AtomicInteger inside = new AtomicInteger();
    private final AtomicInteger mostInside = new AtomicInteger();
    private final AtomicInteger enteredWhileHeld = new AtomicInteger();
    private volatile boolean holderInside;

    String run(String name, int waiters, long holdMillis, boolean inMonitor) throws Exception {
        Ticker ticker = new Ticker("base", "hold", "drain");
        Thread tick = VirtualThreads.factory("ticker-").newThread(ticker);
        tick.start();
        try {
            return measure(name, waiters, holdMillis, inMonitor, ticker);
        } finally {
            ticker.stop();
            tick.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));
        }
    }

    private String measure(String name, int waiters, long holdMillis, boolean inMonitor, Ticker ticker)
            throws Exception {
        Thread.sleep(BASE_MILLIS); // a measurement window, not a synchronisation
        ThreadFactory virtual = VirtualThreads.factory("stall-" + name + "-");
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<RuntimeException> holderFailed = new ArrayList<>();
        Thread holder = virtual.newThread(() -> {
            try {
                hold(name, held, release);
            } catch (RuntimeException e) {
                holderFailed.add(e);
                held.countDown();
            }
        });
        ticker.enter(HOLD);
        holder.start();
        if (!held.await(BOUND_SECONDS, TimeUnit.SECONDS)) {
            return "ERR the holder of " + name + " was not inside within " + BOUND_SECONDS + " s";
        }
        if (!holderFailed.isEmpty()) {
            return "ERR the holder of " + name + " failed: " + ScenarioApp.oneLine(holderFailed.get(0));
        }
        AtomicInteger failures = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(waiters);
        List<Thread> threads = new ArrayList<>(waiters);
        for (int i = 0; i < waiters; i++) {
            Thread waiter = virtual.newThread(() -> {
                started.countDown();
                try {
                    if (inMonitor) {
                        Object own = new Object();
                        synchronized (own) {
                            section(name);
                        }
                    } else {
                        section(name);
                    }
                } catch (RuntimeException e) {
                    if (failures.incrementAndGet() <= 3) {
                        e.printStackTrace();
                    }
                }
            });
            threads.add(waiter);
            waiter.start();
        }
        if (!started.await(BOUND_SECONDS, TimeUnit.SECONDS)) {
            release.countDown();
            return "ERR only " + (waiters - started.getCount()) + " of " + waiters + " waiters started within "
                    + BOUND_SECONDS + " s";
        }
        Thread.sleep(holdMillis); // the window measured: everyone waits for the holder
        int parked = 0;
        for (Thread waiter : threads) {
            parked += Jobs.waitingInAgent(waiter) ? 1 : 0;
        }
        long drainStart = System.nanoTime();
        ticker.enter(DRAIN);
        release.countDown();
        long deadline = drainStart + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        int unfinished = 0;
        for (Thread waiter : threads) {
            waiter.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            unfinished += waiter.isAlive() ? 1 : 0;
        }
        long drainMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - drainStart);
        holder.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));
        if (unfinished > 0) {
            return "ERR " + unfinished + " of " + waiters + " waiters still waiting " + BOUND_SECONDS
                    + " s after the holder left; " + ticker.figures();
        }
        return "OK waiters=" + waiters + " inMonitor=" + inMonitor + " failures=" + failures + " enteredWhileHeld="
                + enteredWhileHeld
                + " mostInside=" + mostInside + " parkedInAgent=" + parked + " holdMillis=" + holdMillis
                + " drainMillis=" + drainMillis + " " + ticker.figures();
    }

    @Synchronized("{name}")
    void hold(String name, CountDownLatch held, CountDownLatch release) {
        holderInside = true;
        held.countDown();
        try {
            if (!release.await(BOUND_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            holderInside = false;
        }
    }

    @Synchronized("{name}")
    void section(String name) {
        if (holderInside) {
            enteredWhileHeld.incrementAndGet();
        }
        mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
        inside.decrementAndGet();
    }
}
