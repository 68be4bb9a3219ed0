package dev.coordination.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coordination.Coordination;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link LockRuntime#holds}: who holds which name in this JVM, in which method, since when, and who waits. */
class LockRuntimeWhoHoldsTest {

    private static final Glob ALL = Glob.compile("*");

    private final InMemoryLockBackend backend = new InMemoryLockBackend("cinder-");
    private final LockSites sites = new LockSites();
    private final LockRuntime runtime = new LockRuntime(sites, backend, "cinder-");
    private final OtherThread other = new OtherThread(backend, "cinder-");

    @AfterEach
    void stopOtherThread() {
        other.close();
    }

    private int site(String... templates) {
        return sites.register(LockSite.compile(
                LockRuntimeTest.ATTACH,
                List.of(templates),
                true,
                -1,
                TimeUnit.SECONDS,
                null,
                getClass().getClassLoader()));
    }

    @Test
    void showsEachHeldNameWithoutPrefixWithThreadMethodAndSince() {
        int attach = site("volume-{vol}", "host-{host}");
        long before = System.currentTimeMillis();
        Object held = runtime.enter(attach, this, LockRuntimeTest.ARGS);
        long after = System.currentTimeMillis();

        List<HeldName> rows = runtime.holds(ALL);

        assertThat(rows).extracting(HeldName::name).containsExactly("host-h1", "volume-v2");
        HeldName volume = rows.get(1);
        assertThat(volume.holder()).isEqualTo("in-memory");
        assertThat(volume.thread()).isEqualTo(Thread.currentThread().getName());
        assertThat(volume.method()).isEqualTo("VolumeService#attach(String, String)");
        assertThat(volume.sinceMillis()).isBetween(before - 1, after + 1);
        assertThat(volume.waiting()).isZero();
        runtime.exit(held, null);
        assertThat(runtime.holds(ALL)).as("given back").isEmpty();
    }

    @Test
    void globPicksNamesAndReentryShowsOnce() {
        int attach = site("volume-{vol}", "host-{host}");
        Object outer = runtime.enter(attach, this, LockRuntimeTest.ARGS);
        Object inner = runtime.enter(attach, this, LockRuntimeTest.ARGS);

        assertThat(runtime.holds(Glob.compile("volume-*")))
                .extracting(HeldName::name)
                .containsExactly("volume-v2");
        runtime.exit(inner, null);
        runtime.exit(outer, null);
    }

    @Test
    void countsThisJvmsThreadsWaitingForAHeldName() throws Exception {
        int attach = site("volume-{vol}");
        Object held = runtime.enter(attach, this, LockRuntimeTest.ARGS);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread waiter = new Thread(
                () -> {
                    try {
                        runtime.exit(runtime.enter(attach, this, LockRuntimeTest.ARGS), null);
                    } catch (Throwable e) {
                        failed.set(e);
                    }
                },
                "volume-waiter");
        waiter.start();
        assertThat(backend.awaitWaiter("volume-v2")).as("the waiter waits").isTrue();

        List<HeldName> rows = runtime.holds(ALL);

        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).waiting()).isEqualTo(1);
        runtime.exit(held, null);
        waiter.join(10_000);
        assertThat(waiter.isAlive())
                .as("the waiter got the lock once it was given back")
                .isFalse();
        assertThat(failed.get()).isNull();
        assertThat(runtime.holds(ALL)).isEmpty();
    }

    @Test
    void namesWaitedForButHeldElsewhereComeLastWithoutHolder() throws Exception {
        int attach = site("volume-{vol}");
        other.hold("cinder-volume-v2"); // another JVM, as far as this runtime knows
        Thread waiter = new Thread(
                () -> {
                    try {
                        runtime.exit(runtime.enter(attach, this, LockRuntimeTest.ARGS), null);
                    } catch (RuntimeException e) {
                        // released below; nothing to check here
                    }
                },
                "volume-waiter");
        waiter.start();
        assertThat(backend.awaitWaiter("volume-v2")).as("the waiter waits").isTrue();

        assertThat(runtime.holds(ALL)).containsExactly(HeldName.waitedFor("volume-v2", 1));
        assertThat(runtime.holds(Glob.compile("host-*"))).isEmpty();
        other.release("cinder-volume-v2");
        waiter.join(10_000);
        assertThat(waiter.isAlive()).isFalse();
    }

    @Test
    void aThreadThatEndedHoldingAFacadeLockStaysListed() throws Exception {
        Thread holder = new Thread(() -> runtime.lock(runtime.getLock("disk-7", Coordination.class)), "forgetful");
        holder.start();
        holder.join(10_000);

        List<HeldName> rows = runtime.holds(ALL);

        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).thread()).isEqualTo("forgetful (ended)");
        assertThat(rows.get(0).method()).isEqualTo("Coordination.getLock");
    }

    @Test
    void endedThreadsThatHoldNothingAreDroppedAsThreadsRegister() throws Exception {
        int attach = site("volume-{vol}");
        int threads = HoldRegistry.TIDY_MIN + 50;
        for (int i = 0; i < threads; i++) {
            Thread caller = new Thread(() -> runtime.exit(runtime.enter(attach, this, LockRuntimeTest.ARGS), null));
            caller.start();
            caller.join(10_000);
        }

        assertThat(runtime.holds(ALL)).isEmpty();
        assertThat(locksRegistrySize()).as("threads listed").isLessThan(100);
    }

    private int locksRegistrySize() throws Exception {
        java.lang.reflect.Field locks = LockRuntime.class.getDeclaredField("locks");
        locks.setAccessible(true);
        return ((ThreadLocks) locks.get(runtime)).registry().size();
    }
}
