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

    /** {@link #loseHoldOf(int)} for a backend without stripes, which holds {@code name} itself. */
    protected boolean loseHoldOf(String name) throws Exception {
        return loseHoldOf(backend().stripes().of(name));
    }

    private boolean perName() {
        return backend().stripes().isPerName();
    }

    @AfterAll
    void stopOthers() {
        others.shutdownNow();
    }

    /**
     * A name whose lock no other test of this class uses: its stripe is nobody else's, or, for a
     * backend without stripes, the name is.
     */
    private String freshName() {
        return "contract-" + NAMES.incrementAndGet() + "-" + System.nanoTime();
    }

    /** The backend's lock for {@code name}, asked as the runtime asks. */
    private StripeLock lockOf(String name) throws InterruptedException {
        return backend().lock(name, backend().stripes().of(name), LockTimings.READY_WAIT_NANOS);
    }

    private long now(String name) throws InterruptedException {
        return lockOf(name).acquire(Deadline.noWait(), System.nanoTime(), TAG);
    }

    private void release(String name) throws InterruptedException {
        lockOf(name).release();
    }

    private <T> T elsewhere(Callable<T> call) throws Exception {
        return others.submit(call).get(60, TimeUnit.SECONDS);
    }

    @Test
    void aFreeLockIsTakenAtOnceAndAnotherThreadFindsItHeldUntilItIsReleased() throws Exception {
        String stripe = freshName();
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
        String stripe = freshName();
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
        String stripe = freshName();
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
        String stripe = freshName();
        now(stripe);
        try {
            long[] result = elsewhere(() -> {
                long begin = System.nanoTime();
                long fence =
                        lockOf(stripe).acquire(Deadline.after(TimeUnit.MILLISECONDS.toNanos(300), begin), begin, TAG);
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
        String stripe = freshName();
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
        String stripe = freshName();
        long fence = now(stripe);
        CountDownLatch started = new CountDownLatch(1);
        Future<Long> waiter = others.submit(() -> {
            started.countDown();
            long begin = System.nanoTime();
            long taken = lockOf(stripe).acquire(Deadline.forever(), begin, TAG);
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
        String stripe = freshName();
        now(stripe);
        AtomicInteger interruptedAfterMillis = new AtomicInteger(-1);
        Thread waiter = new Thread(
                () -> {
                    try {
                        lockOf(stripe).acquire(Deadline.forever(), System.nanoTime(), TAG);
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
    private long awaitFree(String stripe) throws InterruptedException {
        long begin = System.nanoTime();
        return lockOf(stripe).acquire(Deadline.after(TimeUnit.SECONDS.toNanos(5), begin), begin, TAG);
    }

    /** Another name on the same lock as {@code name} (its stripe), or, without stripes, just another name. */
    private String sibling(String name) {
        LockStripes stripes = backend().stripes();
        for (int i = 0; ; i++) {
            String other = name + "-sibling-" + i;
            if (stripes.isPerName() || stripes.of(other) == stripes.of(name)) {
                return other;
            }
        }
    }

    @Test
    void namesMeetOnTheirLockAndOneCallTakingLocksInOrderNeverDeadlocks() throws Exception {
        String[] pair = {freshName(), freshName()};
        java.util.Arrays.sort(pair, backend().stripes().order());
        String first = pair[0];
        String second = pair[1];
        now(first);
        String sibling = sibling(first);
        if (perName()) {
            assertThat(elsewhere(() -> {
                        long taken = now(sibling);
                        release(sibling);
                        return taken;
                    }))
                    .as("another name, while one is held: one lock per name, so never contended")
                    .isPositive();
        } else {
            assertThat(elsewhere(() -> now(sibling)))
                    .as("another name of the held stripe")
                    .isZero();
        }
        release(first);
        List<Future<Integer>> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(others.submit(() -> {
                for (int i = 0; i < 25; i++) {
                    long begin = System.nanoTime();
                    Deadline deadline = Deadline.after(TimeUnit.SECONDS.toNanos(30), begin);
                    assertThat(lockOf(first).acquire(deadline, begin, TAG)).isPositive();
                    assertThat(lockOf(second).acquire(deadline, begin, TAG)).isPositive();
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
        String stripe = freshName();
        long otherName = LockStripes.tag("contract-another-name");
        StripeLock lock = lockOf(stripe);
        assertThat(elsewhere(() -> lock.holder(TAG, LockTimings.HOLDER_QUESTION_NANOS * 20)))
                .as("a free stripe")
                .isEqualTo(StripeLock.Holder.NOBODY);
        now(stripe);
        try {
            assertThat(elsewhere(() -> lock.holder(TAG, LockTimings.HOLDER_QUESTION_NANOS * 20)))
                    .as("asked for the name that holds the stripe")
                    .isEqualTo(StripeLock.Holder.SAME_NAME);
            if (!perName()) {
                assertThat(elsewhere(() -> lock.holder(otherName, LockTimings.HOLDER_QUESTION_NANOS * 20)))
                        .as("asked for another name of the stripe")
                        .isEqualTo(StripeLock.Holder.OTHER_NAME);
            }
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
        String stripe = freshName();
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
