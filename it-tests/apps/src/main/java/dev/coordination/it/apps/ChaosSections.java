package dev.coordination.it.apps;

import dev.coordination.Coordination;
import dev.coordination.DistributedLock;
import dev.coordination.LockAcquireFailedException;
import dev.coordination.LockLostException;
import dev.coordination.Synchronized;
import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The locked sections of the chaos workers, one method per shape of call, and {@link #record},
 * which makes one call and writes its history line. Every body reads the fences of its names, may
 * hold the locks a while (rarely for seconds, so a partition or a pause can catch a holder inside),
 * then does a read-modify-write of each name on the test's fence-checking store. The write follows
 * the read at once: a hold that lasts is spent before the read, so a lost update means two holders
 * met in the store, not that the test widened the window itself.
 */
final class ChaosSections {

    static final long SHORT_TIMEOUT_MILLIS = 300;
    static final long LONG_TIMEOUT_MILLIS = 2_000;
    static final long TWO_TIMEOUT_MILLIS = 3_000;
    static final long OUTER_TIMEOUT_MILLIS = 2_000;
    static final long INNER_TIMEOUT_MILLIS = 1_000;
    static final long FACADE_TIMEOUT_MILLIS = 1_500;

    private final String jvm;
    private final HistoryWriter history;
    private final StoreClient store;
    private final AtomicLong seq = new AtomicLong();

    ChaosSections(String jvm, HistoryWriter history, StoreClient store) {
        this.jvm = jvm;
        this.history = history;
        this.store = store;
    }

    /** A call not nested in another. */
    ChaosCall call(String shape, long timeoutMillis, String... names) {
        return new ChaosCall(seq.incrementAndGet(), 0, shape, timeoutMillis, names);
    }

    /** How many calls this JVM's workers began. */
    long calls() {
        return seq.get();
    }

    interface Section {
        void run();
    }

    /** Makes the call and writes its line; never throws, the outcome goes into the line. */
    void record(ChaosCall call, Section section) {
        call.started();
        history.write(call.line(jvm, Thread.currentThread().getName()));
        try {
            section.run();
        } catch (LockAcquireFailedException e) {
            call.outcome("acquire-failed");
        } catch (LockLostException e) {
            call.outcome("lost");
        } catch (Throwable e) {
            String type = e.getClass().getSimpleName();
            call.outcome(type.equals("LockDeadlockException") ? "deadlock" : "other:" + type);
            if (!(e instanceof RuntimeException)) {
                System.err.println("chaos worker: call " + call.seq + ": " + ScenarioApp.oneLine(e));
            }
        }
        call.ended();
        history.write(call.line(jvm, Thread.currentThread().getName()));
    }

    @Synchronized("{name}")
    void blocking(String name, ChaosCall call) {
        body(call);
        call.bodyEnded();
    }

    @Synchronized(value = "{name}", timeout = SHORT_TIMEOUT_MILLIS, unit = TimeUnit.MILLISECONDS)
    void shortTimeout(String name, ChaosCall call) {
        body(call);
        call.bodyEnded();
    }

    @Synchronized(value = "{name}", timeout = LONG_TIMEOUT_MILLIS, unit = TimeUnit.MILLISECONDS)
    void longTimeout(String name, ChaosCall call) {
        body(call);
        call.bodyEnded();
    }

    @Synchronized(value = "{name}", blocking = false)
    void tryNow(String name, ChaosCall call) {
        body(call);
        call.bodyEnded();
    }

    @Synchronized(
            value = {"{first}", "{second}"},
            timeout = TWO_TIMEOUT_MILLIS,
            unit = TimeUnit.MILLISECONDS)
    void two(String first, String second, ChaosCall call) {
        body(call);
        call.bodyEnded();
    }

    /**
     * A call whose body makes a nested call on {@code inner}: the same name (reentrant, it never
     * waits) or a later one, so nested calls in every JVM take names in one order.
     */
    @Synchronized(value = "{name}", timeout = OUTER_TIMEOUT_MILLIS, unit = TimeUnit.MILLISECONDS)
    void outer(String name, String inner, ChaosCall call) {
        body(call);
        boolean reentrant = inner.equals(name);
        ChaosCall nested =
                new ChaosCall(seq.incrementAndGet(), call.seq, "nested", reentrant ? -1 : INNER_TIMEOUT_MILLIS, inner);
        record(nested, () -> {
            if (reentrant) {
                reenter(inner, nested);
            } else {
                innerTimeout(inner, nested);
            }
        });
        call.bodyEnded();
    }

    @Synchronized("{name}")
    void reenter(String name, ChaosCall call) {
        body(call);
        call.bodyEnded();
    }

    @Synchronized(value = "{name}", timeout = INNER_TIMEOUT_MILLIS, unit = TimeUnit.MILLISECONDS)
    void innerTimeout(String name, ChaosCall call) {
        body(call);
        call.bodyEnded();
    }

    /**
     * {@code Coordination.getLock(name)} with {@code lock()} ({@code timeoutMillis} -1), {@code
     * tryLock()} (0) or {@code tryLock(timeout)}; a refused try is {@code acquire-failed}.
     */
    void facade(String name, ChaosCall call) {
        DistributedLock lock = Coordination.getLock(name);
        boolean held;
        if (call.timeoutMillis < 0) {
            lock.lock();
            held = true;
        } else if (call.timeoutMillis == 0) {
            held = lock.tryLock();
        } else {
            held = lock.tryLock(call.timeoutMillis, TimeUnit.MILLISECONDS);
        }
        if (!held) {
            call.outcome("acquire-failed");
            return;
        }
        try (lock) {
            body(call);
            call.bodyEnded();
        }
    }

    /** Reads the fences, holds a while, then a read-modify-write of each name on the store. */
    private void body(ChaosCall call) {
        call.acquired();
        long[] fences = new long[call.names.length];
        for (int i = 0; i < fences.length; i++) {
            fences[i] = Coordination.fence(call.names[i]);
            call.fence(i, fences[i]);
        }
        history.write(call.line(jvm, Thread.currentThread().getName()));
        hold();
        for (int i = 0; i < fences.length; i++) {
            String name = call.names[i];
            try {
                call.stored(i, store.write(name, fences[i], store.read(name), call.seq));
            } catch (IOException | RuntimeException e) {
                call.stored(i, "error");
            }
        }
    }

    /**
     * Mostly not at all; some bodies a few milliseconds, a few up to a second, and about one in 300
     * for seconds, longer than the session TTL at times, so a pause or a cut can catch a holder
     * inside its body long enough for the lock to pass on before it writes.
     */
    private static void hold() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        double draw = random.nextDouble();
        long millis;
        if (draw < 0.78) {
            return;
        } else if (draw < 0.95) {
            millis = random.nextLong(1, 50);
        } else if (draw < 0.99) {
            millis = random.nextLong(100, 1_000);
        } else if (draw < 0.997) {
            millis = random.nextLong(1_000, 4_000);
        } else {
            millis = random.nextLong(4_000, 12_000);
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
