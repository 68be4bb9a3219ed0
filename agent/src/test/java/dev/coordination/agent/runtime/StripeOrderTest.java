package dev.coordination.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coordination.Coordination;
import dev.coordination.LockAcquireFailedException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Names share CP locks ({@link LockStripes}): what that costs (false contention) and why it cannot
 * deadlock (one call takes its stripes in ascending order; a nested call against that order waits
 * a bounded time only). Runs on an in-memory backend with one lock per stripe, as the real one has.
 */
class StripeOrderTest {

    private static final long OUT_OF_ORDER_WAIT_MILLIS = 300;

    private final InMemoryLockBackend backend = InMemoryLockBackend.byStripe();
    private final LockSites sites = new LockSites();
    private final LockRuntime runtime =
            new LockRuntime(sites, backend, "", TimeUnit.MILLISECONDS.toNanos(OUT_OF_ORDER_WAIT_MILLIS));

    @Test
    void stripesSpreadNamesEvenly() {
        int[] perStripe = new int[InMemoryLockBackend.STRIPES.count()];
        int names = InMemoryLockBackend.STRIPES.count() * 100;
        for (int i = 0; i < names; i++) {
            perStripe[InMemoryLockBackend.STRIPES.of("volume-" + i)]++;
        }
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (int count : perStripe) {
            min = Math.min(min, count);
            max = Math.max(max, count);
        }
        assertThat(min).as("fewest names on a stripe (100 on average)").isGreaterThan(50);
        assertThat(max).as("most names on a stripe (100 on average)").isLessThan(150);
    }

    @Test
    void oneCallTakesItsStripesInAscendingOrderWhateverTheAlphabetSays() {
        String first = "volume-v1";
        String second = "host-h1";
        assertThat(InMemoryLockBackend.STRIPES.of(first))
                .as("the test's premise")
                .isLessThan(InMemoryLockBackend.STRIPES.of(second));
        int id = sites.register(LockSite.compile(
                LockRuntimeTest.ATTACH,
                List.of("host-{host}", "volume-{vol}"),
                true,
                -1,
                TimeUnit.SECONDS,
                null,
                getClass().getClassLoader()));

        runtime.exit(runtime.enter(id, this, new Object[] {"v1", "h1"}), null);

        assertThat(backend.calls())
                .containsExactly(
                        "acquire stripe-" + InMemoryLockBackend.STRIPES.of(first),
                        "acquire stripe-" + InMemoryLockBackend.STRIPES.of(second),
                        "release stripe-" + InMemoryLockBackend.STRIPES.of(second),
                        "release stripe-" + InMemoryLockBackend.STRIPES.of(first));
    }

    @Test
    void twoNamesOfOneStripeAreHeldTogetherByOneThreadWithOneFence() {
        String[] pair = sameStripe("a-", 2);
        Object first = runtime.getLock(pair[0], Coordination.class);
        Object second = runtime.getLock(pair[1], Coordination.class);

        long fence = runtime.lock(first);
        assertThat(runtime.lock(second)).isEqualTo(fence);
        runtime.unlock(second);
        assertThat(runtime.isHeldByCurrentThread(first)).isTrue();
        runtime.unlock(first);

        assertThat(backend.heldNames()).isEmpty();
    }

    @Test
    void aFreeNameWaitsWhileAnotherNameOfItsStripeIsHeldElsewhere() throws Exception {
        String[] pair = sameStripe("b-", 2);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> {
            Object lock = runtime.getLock(pair[0], Coordination.class);
            runtime.lock(lock);
            held.countDown();
            awaitQuietly(done);
            runtime.unlock(lock);
        });
        assertThat(held.await(10, TimeUnit.SECONDS))
                .as("the other thread took " + pair[0])
                .isTrue();

        boolean acquired = runtime.tryLock(runtime.getLock(pair[1], Coordination.class), -1);

        assertThat(acquired)
                .as("false contention: %s is free but its stripe is not", pair[1])
                .isFalse();
        done.countDown();
        holder.get(10, TimeUnit.SECONDS);
    }

    @Test
    void nestedCallsAgainstTheStripeOrderCannotDeadlock() throws Exception {
        String[] low = sameStripe("low-", 2);
        String[] high = higherStripe(low[0], "high-", 2);
        CountDownLatch bothHoldTheirFirst = new CountDownLatch(2);

        // Thread A nests high -> low (against the order), thread B low -> high (with it). Per name
        // they share nothing; per stripe each waits for the other.
        CompletableFuture<String> againstOrder =
                CompletableFuture.supplyAsync(() -> nest(high[0], low[0], bothHoldTheirFirst));
        CompletableFuture<String> withOrder =
                CompletableFuture.supplyAsync(() -> nest(low[1], high[1], bothHoldTheirFirst));

        String a = againstOrder.get(10, TimeUnit.SECONDS);
        String b = withOrder.get(10, TimeUnit.SECONDS);
        assertThat(a)
                .as("the call nested against the stripe order gives up after its bounded wait")
                .startsWith("failed:")
                .contains("shares its CP lock")
                .contains("nested");
        assertThat(b).as("the call nested in stripe order then runs").isEqualTo("ran");
        assertThat(backend.heldNames()).isEmpty();
    }

    private String nest(String outer, String inner, CountDownLatch bothHoldTheirFirst) {
        Object outerLock = runtime.getLock(outer, Coordination.class);
        runtime.lock(outerLock);
        try {
            bothHoldTheirFirst.countDown();
            awaitQuietly(bothHoldTheirFirst);
            Object innerLock = runtime.getLock(inner, Coordination.class);
            runtime.lock(innerLock);
            runtime.unlock(innerLock);
            return "ran";
        } catch (LockAcquireFailedException e) {
            return "failed: " + e.getMessage();
        } finally {
            runtime.unlock(outerLock);
        }
    }

    /** {@code count} names starting with {@code prefix} that fall on one stripe. */
    static String[] sameStripe(String prefix, int count) {
        String first = prefix + 0;
        String[] names = new String[count];
        names[0] = first;
        int found = 1;
        for (int i = 1; found < count; i++) {
            if (InMemoryLockBackend.STRIPES.of(prefix + i) == InMemoryLockBackend.STRIPES.of(first)) {
                names[found++] = prefix + i;
            }
        }
        return names;
    }

    /** {@code count} names on one stripe above the stripe of {@code below}. */
    private static String[] higherStripe(String below, String prefix, int count) {
        for (int i = 0; ; i++) {
            if (InMemoryLockBackend.STRIPES.of(prefix + i + "-0") > InMemoryLockBackend.STRIPES.of(below)) {
                return sameStripe(prefix + i + "-", count);
            }
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("latch not reached in 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void lockOrderSortMatchesTheOrderComparator() {
        // Names of four stripes only, so that shared stripes and duplicates both occur often.
        List<String> pool = new java.util.ArrayList<>();
        for (int i = 0; pool.size() < 24; i++) {
            if (InMemoryLockBackend.STRIPES.of("n-" + i) < 4) {
                pool.add("n-" + i);
            }
        }
        java.util.Random random = new java.util.Random(6);
        for (int round = 0; round < 1_000; round++) {
            String[] names = new String[1 + random.nextInt(6)];
            for (int i = 0; i < names.length; i++) {
                names[i] = pool.get(random.nextInt(pool.size()));
            }
            String[] expected = names.clone();
            java.util.Arrays.sort(expected, InMemoryLockBackend.STRIPES.order());

            InMemoryLockBackend.STRIPES.sortInOrder(names);

            assertThat(names).containsExactly(expected);
        }
    }
}
