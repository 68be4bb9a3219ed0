package dev.coordination.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The counters of one lock site, alone and under concurrent updates. */
class LockStatsTest {

    private final LockStats stats = new LockStats();

    @Test
    void startsAtZero() {
        assertThat(new long[] {
                    stats.acquisitions(),
                    stats.failures(),
                    stats.templateErrors(),
                    stats.locksLost(),
                    stats.holders(),
                    stats.waitNanosTotal(),
                    stats.waitNanosMax(),
                    stats.holdNanosTotal(),
                    stats.holdNanosMax()
                })
                .containsOnly(0L);
    }

    @Test
    void countsHoldersUntilTheyLeaveAndSumsWaitAndHoldTimes() {
        stats.acquired(30);
        stats.acquired(10);

        assertThat(stats.acquisitions()).isEqualTo(2);
        assertThat(stats.holders()).isEqualTo(2);
        assertThat(stats.waitNanosTotal()).isEqualTo(40);
        assertThat(stats.waitNanosMax()).isEqualTo(30);

        stats.released(500);
        assertThat(stats.holders()).isEqualTo(1);
        stats.released(700);

        assertThat(stats.holders()).isZero();
        assertThat(stats.holdNanosTotal()).isEqualTo(1200);
        assertThat(stats.holdNanosMax()).isEqualTo(700);
        assertThat(stats.acquisitions())
                .as("leaving does not change how many got in")
                .isEqualTo(2);
    }

    @Test
    void keepsFailuresTemplateErrorsAndLostLocksApart() {
        stats.failed();
        stats.failed();
        stats.templateError();
        stats.lockLost();

        assertThat(stats.failures()).isEqualTo(2);
        assertThat(stats.templateErrors()).isEqualTo(1);
        assertThat(stats.locksLost()).isEqualTo(1);
        assertThat(stats.acquisitions()).isZero();
        assertThat(stats.holders()).isZero();
    }

    @Test
    void holdersNeverReadBelowZero() {
        stats.released(5);

        assertThat(stats.holders()).isZero();
    }

    @Test
    void concurrentUpdatesLoseNoCountAndKeepTheLongestTimes() throws Exception {
        int threads = 4;
        int calls = 20_000;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t;
            Thread worker = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 1; i <= calls; i++) {
                    stats.acquired(i + offset);
                    stats.released(2L * i + offset);
                }
            });
            worker.start();
            workers.add(worker);
        }
        go.countDown();
        for (Thread worker : workers) {
            worker.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(worker.isAlive()).as("worker still running after 30 s").isFalse();
        }

        assertThat(stats.acquisitions()).isEqualTo((long) threads * calls);
        assertThat(stats.holders()).isZero();
        assertThat(stats.waitNanosMax()).isEqualTo(calls + threads - 1);
        assertThat(stats.holdNanosMax()).isEqualTo(2L * calls + threads - 1);
        long sumOfI = (long) calls * (calls + 1) / 2;
        long offsets = (long) calls * (threads * (threads - 1) / 2);
        assertThat(stats.waitNanosTotal()).isEqualTo(threads * sumOfI + offsets);
    }
}
