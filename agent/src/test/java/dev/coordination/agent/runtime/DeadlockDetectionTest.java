package dev.coordination.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coordination.Coordination;
import dev.coordination.LockDeadlockException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Deadlock detection inside one JVM (the local board): two threads that take two names in opposite
 * orders wait for each other; the youngest wait fails with {@link LockDeadlockException} naming the
 * cycle, and the other goes on once the victim's caller lets go.
 */
class DeadlockDetectionTest {

    private static final long THRESHOLD_MILLIS = 100;

    private final InMemoryLockBackend backend = new InMemoryLockBackend();
    private final LockRuntime runtime = new LockRuntime(new LockSites(), backend, "");
    private final ExecutorService threads = Executors.newFixedThreadPool(2, task -> {
        Thread thread = new Thread(task);
        thread.setDaemon(true);
        return thread;
    });

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void twoThreadsTakingTwoNamesInOppositeOrdersAreToldWithinTwoSeconds() throws Exception {
        runtime.watchDeadlocks(THRESHOLD_MILLIS);
        CountDownLatch bothHoldTheirFirst = new CountDownLatch(2);
        List<Future<String>> calls = new ArrayList<>();
        calls.add(threads.submit(() -> lockBoth("volume-1", "snapshot-7", bothHoldTheirFirst)));
        calls.add(threads.submit(() -> lockBoth("snapshot-7", "volume-1", bothHoldTheirFirst)));
        assertThat(bothHoldTheirFirst.await(5, TimeUnit.SECONDS)).isTrue();

        List<String> outcomes = new ArrayList<>();
        for (Future<String> call : calls) {
            outcomes.add(call.get(10, TimeUnit.SECONDS));
        }

        assertThat(outcomes)
                .filteredOn(outcome -> outcome.startsWith("deadlock"))
                .hasSize(1);
        assertThat(outcomes).filteredOn(outcome -> outcome.equals("both")).hasSize(1);
        String report = outcomes.stream()
                .filter(o -> o.startsWith("deadlock"))
                .findFirst()
                .orElseThrow();
        assertThat(report)
                .contains("to break a deadlock", "Deadlock between 2 threads of one JVM")
                .contains("\"volume-1\" held by", "\"snapshot-7\" held by", "Coordination.getLock");
        assertThat(runtime.deadlocksBroken()).isEqualTo(1);
        long millis = Long.parseLong(report.substring(report.lastIndexOf(' ') + 1));
        assertThat(millis).as("ms from the victim's wait to its failure").isLessThan(2_000);
    }

    @Test
    void aLongWaitWithoutACycleIsNotBroken() throws Exception {
        runtime.watchDeadlocks(THRESHOLD_MILLIS);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch waited = new CountDownLatch(1);
        Future<String> holder = threads.submit(() -> {
            Object handle = runtime.getLock("volume-2", Coordination.class);
            runtime.lock(handle);
            held.countDown();
            // Holds well past the threshold while the other thread waits.
            waited.await(10, TimeUnit.SECONDS);
            runtime.unlock(handle);
            return "released";
        });
        assertThat(held.await(5, TimeUnit.SECONDS)).isTrue();
        Future<String> waiter = threads.submit(() -> {
            Object handle = runtime.getLock("volume-2", Coordination.class);
            long start = System.nanoTime();
            boolean had = runtime.tryLock(handle, TimeUnit.SECONDS.toNanos(5));
            if (had) {
                runtime.unlock(handle);
            }
            return had + " after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        });
        Thread.sleep(1_000); // the waiter is past the threshold, seen by several scans
        waited.countDown();

        assertThat(waiter.get(10, TimeUnit.SECONDS)).startsWith("true");
        assertThat(holder.get(10, TimeUnit.SECONDS)).isEqualTo("released");
        assertThat(runtime.deadlocksBroken()).isZero();
    }

    /** Locks {@code first}, then {@code second}; "both", or "deadlock <message> <millis since the first>". */
    private String lockBoth(String first, String second, CountDownLatch bothHoldTheirFirst) throws Exception {
        Object outer = runtime.getLock(first, Coordination.class);
        Object inner = runtime.getLock(second, Coordination.class);
        runtime.lock(outer);
        try {
            bothHoldTheirFirst.countDown();
            bothHoldTheirFirst.await(5, TimeUnit.SECONDS);
            long waiting = System.nanoTime();
            try {
                runtime.lock(inner);
            } catch (LockDeadlockException e) {
                return "deadlock " + e.getMessage() + " " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - waiting);
            }
            runtime.unlock(inner);
            return "both";
        } finally {
            runtime.unlock(outer);
        }
    }
}
