package dev.coordination.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every {@link LockBackend} must do, the in-memory one the runtime tests use included, so those
 * tests say something about the real one. A subclass gives a started backend; each test uses stripes
 * of its own, so one backend serves all of them. In the manner of ShedLock's
 * {@code AbstractLockProviderIntegrationTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class LockBackendContractTest {

    private static final AtomicInteger NAMES = new AtomicInteger();
    /** The name tag every hold of these tests carries (one name per stripe). */
    private static final long TAG = LockStripes.tag("contract");

    private final ExecutorService others = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "contract-other");
        thread.setDaemon(true);
        return thread;
    });

    /** The backend under test, started; the same one for every test of the class. */
    protected abstract LockBackend backend();

    /**
     * Ends, as the cluster would, the session in which the calling thread holds {@code stripe}
     * (an expired or closed session), so that its next release reports the hold lost; {@code false}
     * when the backend cannot be told to.
     */
    protected abstract boolean loseHoldOf(int stripe) throws Exception;

    @AfterAll
    void stopOthers() {
        others.shutdownNow();
    }

    /** A stripe no other test of this class uses. */
    private int freshStripe() {
        return backend().stripes().of("contract-" + NAMES.incrementAndGet() + "-" + System.nanoTime());
    }

    private long now(int stripe) throws InterruptedException {
        return backend().lock(stripe, LockTimings.READY_WAIT_NANOS).acquire(Deadline.noWait(), System.nanoTime(), TAG);
    }

    private void release(int stripe) throws InterruptedException {
        backend().lock(stripe, LockTimings.READY_WAIT_NANOS).release();
    }

    private <T> T elsewhere(Callable<T> call) throws Exception {
        return others.submit(call).get(60, TimeUnit.SECONDS);
    }

    @Test
    void aFreeLockIsTakenAtOnceAndAnotherThreadFindsItHeldUntilItIsReleased() throws Exception {
        int stripe = freshStripe();
        long fence = now(stripe);
        assertThat(fence).as("the fence of a granted lock").isPositive();
        assertThat(elsewhere(() -> now(stripe)))
                .as("another thread, while it is held")
                .isZero();
        release(stripe);
        long next = elsewhere(() -> {
            long taken = now(stripe);
            release(stripe);
            return taken;
        });
        assertThat(next).as("the next holder's fence").isGreaterThan(fence);
    }

    @Test
    void fencesOfOneLockOnlyGrowFromHolderToHolder() throws Exception {
        int stripe = freshStripe();
        List<Long> fences = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            boolean here = i % 2 == 0;
            Callable<Long> take = () -> {
                long fence = now(stripe);
                release(stripe);
                return fence;
            };
            fences.add(here ? take.call() : elsewhere(take));
        }
        assertThat(fences).isSorted().doesNotHaveDuplicates().allMatch(fence -> fence > 0);
    }

    @Test
    void aThreadHoldsOneStripeSeveralTimesOverWithOneFenceAndFreesItWithTheLastRelease() throws Exception {
        int stripe = freshStripe();
        long first = now(stripe);
        long second = now(stripe);
        assertThat(second).as("two names of one stripe, held by one thread").isEqualTo(first);
        release(stripe);
        assertThat(elsewhere(() -> now(stripe))).as("held once more").isZero();
        release(stripe);
        assertThat(elsewhere(() -> {
                    long taken = now(stripe);
                    release(stripe);
                    return taken;
                }))
                .as("free after the last release")
                .isGreaterThan(first);
    }

    @Test
    void aCallWithATimeoutWaitsItOutWhileAnotherThreadHoldsThenGetsNothing() throws Exception {
        int stripe = freshStripe();
        now(stripe);
        try {
            long[] result = elsewhere(() -> {
                long begin = System.nanoTime();
                long fence = backend()
                        .lock(stripe, LockTimings.READY_WAIT_NANOS)
                        .acquire(Deadline.after(TimeUnit.MILLISECONDS.toNanos(300), begin), begin, TAG);
                return new long[] {fence, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin)};
            });
            assertThat(result[0]).as("not acquired").isZero();
            // The promise (deadline plus 0.2 s) is checked tightly, across JVMs, by the ITs; here
            // the bound only has to catch a backend that ignores the deadline.
            assertThat(result[1]).as("milliseconds waited for a 300 ms timeout").isBetween(300L, 1_500L);
        } finally {
            release(stripe);
        }
    }

    @Test
    void aCallThatDoesNotWaitAnswersAtOnceWhileAnotherThreadHolds() throws Exception {
        int stripe = freshStripe();
        now(stripe);
        try {
            long[] result = elsewhere(() -> {
                long begin = System.nanoTime();
                return new long[] {now(stripe), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin)};
            });
            assertThat(result[0]).isZero();
            assertThat(result[1])
                    .as("milliseconds")
                    .isLessThan(TimeUnit.NANOSECONDS.toMillis(LockTimings.NO_WAIT_ANSWER_NANOS));
        } finally {
            release(stripe);
        }
    }

    @Test
    void aWaiterGetsTheLockOnceItsHolderLetsGo() throws Exception {
        int stripe = freshStripe();
        long fence = now(stripe);
        CountDownLatch started = new CountDownLatch(1);
        Future<Long> waiter = others.submit(() -> {
            started.countDown();
            long begin = System.nanoTime();
            long taken = backend().lock(stripe, LockTimings.READY_WAIT_NANOS).acquire(Deadline.forever(), begin, TAG);
            release(stripe);
            return taken;
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(waiter.isDone())
                .as("the waiter waits while the lock is held")
                .isFalse();
        release(stripe);
        assertThat(waiter.get(60, TimeUnit.SECONDS)).isGreaterThan(fence);
    }

    @Test
    void anInterruptEndsAWaitWithinASecondAndNothingStaysHeld() throws Exception {
        int stripe = freshStripe();
        now(stripe);
        AtomicInteger interruptedAfterMillis = new AtomicInteger(-1);
        Thread waiter = new Thread(
                () -> {
                    try {
                        backend()
                                .lock(stripe, LockTimings.READY_WAIT_NANOS)
                                .acquire(Deadline.forever(), System.nanoTime(), TAG);
                    } catch (InterruptedException e) {
                        interruptedAfterMillis.set(0);
                    } catch (RuntimeException e) {
                        interruptedAfterMillis.set(-2);
                    }
                },
                "contract-waiter");
        waiter.start();
        Thread.sleep(300); // let the waiter's request reach the backend: what is tested is what follows
        long interrupted = System.nanoTime();
        waiter.interrupt();
        waiter.join(10_000);
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - interrupted);
        assertThat(waiter.isAlive())
                .as("the waiter still waits 10 s after its interrupt")
                .isFalse();
        assertThat(interruptedAfterMillis.get())
                .as("the wait ended with InterruptedException")
                .isZero();
        assertThat(took)
                .as("milliseconds from the interrupt to the end of the wait")
                .isLessThan(1_000);
        release(stripe);
        assertThat(elsewhere(() -> {
                    long taken = awaitFree(stripe);
                    release(stripe);
                    return taken;
                }))
                .as("the interrupted waiter holds nothing")
                .isPositive();
    }

    /** Takes the stripe, waiting up to 5 s: a request withdrawn just now may hold it for a round trip. */
    private long awaitFree(int stripe) throws InterruptedException {
        long begin = System.nanoTime();
        return backend()
                .lock(stripe, LockTimings.READY_WAIT_NANOS)
                .acquire(Deadline.after(TimeUnit.SECONDS.toNanos(5), begin), begin, TAG);
    }

    @Test
    void namesThatShareAStripeMeetThereAndOneCallTakingStripesInOrderNeverDeadlocks() throws Exception {
        int low = freshStripe();
        int high = freshStripe();
        if (low > high) {
            int swap = low;
            low = high;
            high = swap;
        }
        int first = low;
        int second = high;
        now(first);
        assertThat(elsewhere(() -> now(first)))
                .as("another name of the held stripe")
                .isZero();
        release(first);
        List<Future<Integer>> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(others.submit(() -> {
                for (int i = 0; i < 25; i++) {
                    long begin = System.nanoTime();
                    Deadline deadline = Deadline.after(TimeUnit.SECONDS.toNanos(30), begin);
                    assertThat(backend()
                                    .lock(first, LockTimings.READY_WAIT_NANOS)
                                    .acquire(deadline, begin, TAG))
                            .isPositive();
                    assertThat(backend()
                                    .lock(second, LockTimings.READY_WAIT_NANOS)
                                    .acquire(deadline, begin, TAG))
                            .isPositive();
                    release(second);
                    release(first);
                }
                return 25;
            }));
        }
        for (Future<Integer> thread : threads) {
            assertThat(thread.get(120, TimeUnit.SECONDS))
                    .as("rounds done without a deadlock")
                    .isEqualTo(25);
        }
    }

    @Test
    void aRefusedCallerLearnsWhetherItsOwnNameOrAnotherNameOfTheStripeHoldsIt() throws Exception {
        int stripe = freshStripe();
        long otherName = LockStripes.tag("contract-another-name");
        StripeLock lock = backend().lock(stripe, LockTimings.READY_WAIT_NANOS);
        assertThat(elsewhere(() -> lock.holder(TAG, LockTimings.HOLDER_QUESTION_NANOS * 20)))
                .as("a free stripe")
                .isEqualTo(StripeLock.Holder.NOBODY);
        now(stripe);
        try {
            assertThat(elsewhere(() -> lock.holder(TAG, LockTimings.HOLDER_QUESTION_NANOS * 20)))
                    .as("asked for the name that holds the stripe")
                    .isEqualTo(StripeLock.Holder.SAME_NAME);
            assertThat(elsewhere(() -> lock.holder(otherName, LockTimings.HOLDER_QUESTION_NANOS * 20)))
                    .as("asked for another name of the stripe")
                    .isEqualTo(StripeLock.Holder.OTHER_NAME);
        } finally {
            release(stripe);
        }
    }

    @Test
    void everyNameHasOneStripeForAGivenCountSoTwoHoldersOfOneNameAlwaysMeet() {
        LockStripes mine = backend().stripes();
        LockStripes anotherJvms = new LockStripes(mine.count());
        for (int i = 0; i < 10_000; i++) {
            String name = "volume-" + i;
            int stripe = mine.of(name);
            assertThat(stripe).isBetween(0, mine.count() - 1);
            assertThat(anotherJvms.of(name)).as(name).isEqualTo(stripe);
        }
    }

    @Test
    void aHoldWhoseSessionEndedIsReportedLostOnRelease() throws Exception {
        int stripe = freshStripe();
        now(stripe);
        boolean told = false;
        try {
            told = loseHoldOf(stripe);
            Assumptions.assumeTrue(told, "this backend cannot be told to end a session");
            assertThatThrownBy(() -> release(stripe)).isInstanceOf(BackendLockLostException.class);
        } finally {
            if (!told) {
                release(stripe);
            }
        }
        assertThat(elsewhere(() -> {
                    long taken = awaitFree(stripe);
                    release(stripe);
                    return taken;
                }))
                .as("the stripe is free again")
                .isPositive();
    }
}
