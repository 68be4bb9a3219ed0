package dev.coordination.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coordination.Coordination;
import dev.coordination.LockAcquireFailedException;
import dev.coordination.LockLostException;
import dev.coordination.LockTemplateException;
import dev.coordination.agent.template.MethodShape;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What {@link LockRuntime} counts in each site's {@link LockStats}, and in the facade's, per call outcome. */
class LockRuntimeStatsTest {

    private static final MethodShape ATTACH = LockRuntimeTest.ATTACH;
    private static final Object[] ARGS = LockRuntimeTest.ARGS;

    private final InMemoryLockBackend backend = new InMemoryLockBackend();
    private final LockSites sites = new LockSites();
    private final LockRuntime runtime = new LockRuntime(sites, backend, "");
    private final OtherThread other = new OtherThread(backend, "");

    @AfterEach
    void stopOtherThread() {
        other.close();
    }

    private int site(boolean blocking, long timeoutMillis, String... templates) {
        return sites.register(LockSite.compile(
                ATTACH,
                List.of(templates),
                blocking,
                timeoutMillis,
                TimeUnit.MILLISECONDS,
                null,
                getClass().getClassLoader()));
    }

    private LockStats stats(int id) {
        return sites.get(id).stats();
    }

    @Test
    void aCallIsAHolderFromEnterToExitAndCountsOnceWhateverItsNumberOfLocks() {
        int id = site(true, -1, "volume-{vol}", "host-{host}");

        Object held = runtime.enter(id, this, ARGS);

        assertThat(stats(id).acquisitions()).isEqualTo(1);
        assertThat(stats(id).holders()).isEqualTo(1);
        runtime.exit(held, null);
        assertThat(stats(id).holders()).isZero();
        assertThat(stats(id).failures()).isZero();
    }

    @Test
    void waitCoversEveryLockOfTheCallAndHoldRunsFromTheLastAcquireToExit() throws Exception {
        int id = site(true, -1, "volume-{vol}", "host-{host}");
        backend.slowAcquire("host-h1", 40);
        backend.slowAcquire("volume-v2", 40);

        long before = System.nanoTime();
        Object held = runtime.enter(id, this, ARGS);
        long inside = System.nanoTime();
        runtime.exit(held, null);
        long after = System.nanoTime();

        assertThat(stats(id).waitNanosTotal())
                .as("two acquires of at least 40 ms each")
                .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(80))
                .isLessThanOrEqualTo(inside - before)
                .isEqualTo(stats(id).waitNanosMax());
        assertThat(stats(id).holdNanosTotal())
                .isPositive()
                .isLessThanOrEqualTo(after - before)
                .isEqualTo(stats(id).holdNanosMax());
    }

    @Test
    void reentrantCallsOfTheSameMethodAreEachCounted() {
        int id = site(true, -1, "volume-{vol}");

        Object outer = runtime.enter(id, this, ARGS);
        Object inner = runtime.enter(id, this, ARGS);
        assertThat(stats(id).holders()).isEqualTo(2);
        runtime.exit(inner, null);
        runtime.exit(outer, null);

        assertThat(stats(id).acquisitions()).isEqualTo(2);
        assertThat(stats(id).holders()).isZero();
    }

    @Test
    void takenLockWithoutWaitingIsAFailure() throws Exception {
        int id = site(false, -1, "volume-{vol}");
        other.hold("volume-v2");

        assertThatThrownBy(() -> runtime.enter(id, this, ARGS)).isInstanceOf(LockAcquireFailedException.class);

        assertThat(stats(id).failures()).isEqualTo(1);
        assertThat(stats(id).acquisitions()).isZero();
        assertThat(stats(id).holders()).isZero();
        assertThat(stats(id).waitNanosTotal())
                .as("failed calls add no wait time")
                .isZero();
    }

    @Test
    void timeoutAndUnreachableBackendAreFailures() throws Exception {
        int timed = site(true, 50, "volume-{vol}");
        other.hold("volume-v2");
        assertThatThrownBy(() -> runtime.enter(timed, this, ARGS)).isInstanceOf(LockAcquireFailedException.class);

        int unreachable = site(true, -1, "host-{host}");
        backend.makeUnavailable();
        assertThatThrownBy(() -> runtime.enter(unreachable, this, ARGS)).isInstanceOf(LockAcquireFailedException.class);

        assertThat(stats(timed).failures()).isEqualTo(1);
        assertThat(stats(unreachable).failures()).isEqualTo(1);
    }

    @Test
    void templateErrorsAreCountedApartFromFailures() {
        int renders = site(true, -1, "volume-{vol}");
        int neverLoads = site(false, 5, "volume-{vol}");

        assertThatThrownBy(() -> runtime.enter(renders, this, new Object[] {null, "h1"}))
                .isInstanceOf(LockTemplateException.class);
        assertThatThrownBy(() -> runtime.enter(neverLoads, this, ARGS)).isInstanceOf(LockTemplateException.class);

        assertThat(stats(renders).templateErrors()).isEqualTo(1);
        assertThat(stats(neverLoads).templateErrors()).isEqualTo(1);
        assertThat(stats(renders).failures() + stats(neverLoads).failures()).isZero();
    }

    @Test
    void aLockLostOnExitIsCountedOnTheSiteAndInTheJvm() {
        int id = site(true, -1, "volume-{vol}", "host-{host}");
        Object held = runtime.enter(id, this, ARGS);
        backend.loseOnRelease("volume-v2");

        assertThatThrownBy(() -> runtime.exit(held, null)).isInstanceOf(LockLostException.class);

        assertThat(stats(id).locksLost()).isEqualTo(1);
        assertThat(stats(id).holders()).as("the call has left its section").isZero();
        assertThat(runtime.releaseFailures()).isEqualTo(1);
    }

    @Test
    void facadeCountsEachLockAndUnlockAndItsFailures() throws Exception {
        Object lock = runtime.getLock("volume-v2", Coordination.class);

        runtime.lock(lock);
        runtime.lock(lock);
        assertThat(runtime.facadeStats().holders()).isEqualTo(2);
        runtime.unlock(lock);
        runtime.unlock(lock);
        other.hold("volume-v2");
        boolean taken = runtime.tryLock(lock, -1);

        assertThat(taken).isFalse();
        LockStats facade = runtime.facadeStats();
        assertThat(facade.acquisitions()).isEqualTo(2);
        assertThat(facade.holders()).isZero();
        assertThat(facade.failures()).isEqualTo(1);
        assertThat(facade.holdNanosTotal()).isPositive().isEqualTo(facade.holdNanosMax());
        assertThatThrownBy(() -> runtime.getLock("volume@group", Coordination.class))
                .isInstanceOf(LockTemplateException.class);
        assertThat(facade.templateErrors()).isEqualTo(1);
    }
}
