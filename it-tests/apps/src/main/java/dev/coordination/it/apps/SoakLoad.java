package dev.coordination.it.apps;

import dev.coordination.Coordination;
import dev.coordination.DistributedLock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code SOAK NAME THREADS OPS WAIT_MILLIS wait|try|churn}: calls that leave a lock's state in the
 * CP group behind them, on a NAME another JVM holds. {@code wait}: THREADS threads call {@code
 * tryLock(WAIT_MILLIS)}, which times out; {@code try}: they call {@code tryLock()}, which is
 * refused; {@code churn}: as {@code wait}, but every call on a thread of its own, as short-lived
 * request threads (or virtual threads) make them. OPS calls in all; replies {@code OK ops=N acquired=M millis=T}.
 */
final class SoakLoad {

    private SoakLoad() {}

    static String run(String name, int threads, int ops, long waitMillis, String mode) throws Exception {
        AtomicLong left = new AtomicLong(ops);
        AtomicLong acquired = new AtomicLong();
        long begin = System.nanoTime();
        long wait = mode.equals("try") ? -1 : waitMillis;
        boolean churn = mode.equals("churn");
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(
                    () -> {
                        while (left.getAndDecrement() > 0) {
                            if (churn) {
                                Thread one = new Thread(() -> call(name, wait, acquired), "soak-churn");
                                one.start();
                                joinQuietly(one);
                            } else {
                                call(name, wait, acquired);
                            }
                        }
                    },
                    "soak-" + t);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return "OK ops=" + ops + " acquired=" + acquired.get() + " millis="
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One call: {@code tryLock()} when {@code waitMillis < 0}, else {@code tryLock(waitMillis)}. */
    private static void call(String name, long waitMillis, AtomicLong acquired) {
        DistributedLock lock = Coordination.getLock(name);
        boolean got = waitMillis < 0 ? lock.tryLock() : lock.tryLock(waitMillis, TimeUnit.MILLISECONDS);
        if (got) {
            acquired.incrementAndGet();
            lock.unlock();
        }
    }
}
