package dev.coordination.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.coordination.LockAcquireFailedException;
import dev.coordination.LockLostException;
import dev.coordination.agent.template.MethodShape;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Acquisition order, waiting and failure mapping of {@link LockRuntime}, on an in-memory backend. */
class LockRuntimeTest {

    static final MethodShape ATTACH = new MethodShape(
            "com.acme.VolumeService",
            "attach",
            List.of("vol", "host"),
            true,
            List.of("java.lang.String", "java.lang.String"),
            false);
    /**
     * Chosen so that the stripe order ({@link LockStripes#order()}) of attach-v2, host-h1 and
     * volume-v2 is also their alphabetical order; {@code StripeOrderTest} covers names where the
     * two orders differ.
     */
    static final Object[] ARGS = {"v2", "h1"};

    private final InMemoryLockBackend backend = new InMemoryLockBackend("", "cinder-");
    private final LockSites sites = new LockSites();
    private final LockRuntime runtime = new LockRuntime(sites, backend, "");
    private final OtherThread other = new OtherThread(backend, "cinder-");

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

    @Test
    void acquiresRenderedNamesSortedAndWithoutDuplicates() {
        int id = site(true, -1, "volume-{vol}", "host-{host}", "volume-{vol}", "attach-{vol}");

        Object held = runtime.enter(id, this, ARGS);

        assertThat(backend.calls()).containsExactly("acquire attach-v2", "acquire host-h1", "acquire volume-v2");
        runtime.exit(held, null);
    }

    @Test
    void releasesInReverseOrderOnNormalExit() {
        int id = site(true, -1, "volume-{vol}", "host-{host}");

        runtime.exit(runtime.enter(id, this, ARGS), null);

        assertThat(backend.calls())
                .containsExactly("acquire host-h1", "acquire volume-v2", "release volume-v2", "release host-h1");
        assertThat(backend.heldNames()).isEmpty();
    }

    @Test
    void releasesInReverseOrderWhenMethodThrows() {
        int id = site(true, -1, "volume-{vol}", "host-{host}");
        Object held = runtime.enter(id, this, ARGS);
        IllegalStateException bodyFailure = new IllegalStateException("body failed");

        runtime.exit(held, bodyFailure);

        assertThat(backend.calls()).endsWith("release volume-v2", "release host-h1");
        assertThat(bodyFailure.getSuppressed()).isEmpty();
        assertThat(backend.heldNames()).isEmpty();
    }

    @Test
    void appliesPrefixToEveryFullName() throws Exception {
        LockRuntime prefixed = new LockRuntime(sites, backend, "cinder-");
        int id = site(false, -1, "volume-{vol}", "host-{host}");
        other.hold("cinder-volume-v2");

        LockAcquireFailedException failure =
                catchThrowableOfType(() -> prefixed.enter(id, this, ARGS), LockAcquireFailedException.class);

        assertThat(failure.lockName()).isEqualTo("cinder-volume-v2");
        assertThat(backend.calls())
                .containsExactly("acquire cinder-volume-v2", "acquire cinder-host-h1", "release cinder-host-h1");
    }

    @Test
    void oneDeadlineCoversAllLocksOfTheCall() throws Exception {
        int id = site(true, 600, "host-{host}", "volume-{vol}");
        backend.slowAcquire("host-h1", 400);
        other.hold("volume-v2");
        long start = System.nanoTime();

        LockAcquireFailedException failure =
                catchThrowableOfType(() -> runtime.enter(id, this, ARGS), LockAcquireFailedException.class);

        assertThat(failure)
                .as("the second lock is held elsewhere for longer than the timeout")
                .isNotNull();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(600));
        assertThat(failure.lockName()).isEqualTo("volume-v2");
        assertThat(failure)
                .hasMessageContaining("within the timeout (600 MILLISECONDS)")
                .hasMessageContaining("VolumeService#attach(String, String)")
                .hasNoCause();
        assertThat(backend.requestedWaits("volume-v2").get(0))
                .as("the wait for the second lock is what the first left of the 600 ms")
                .isLessThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
        assertThat(backend.calls()).endsWith("acquire host-h1", "release host-h1");
        assertThat(backend.heldNames()).containsExactly("volume-v2");
    }

    @Test
    void nonBlockingCallTriesOnceWithoutWaiting() throws Exception {
        int id = site(false, -1, "volume-{vol}");
        other.hold("volume-v2");

        assertThatThrownBy(() -> runtime.enter(id, this, ARGS))
                .isInstanceOf(LockAcquireFailedException.class)
                .hasMessageContaining("\"volume-v2\"")
                .hasMessageContaining("blocking=false");
        assertThat(backend.requestedWaits("volume-v2"))
                .as("one attempt without waiting by the other thread, then one by the call")
                .containsExactly(0L, 0L);
    }

    @Test
    void interruptWhileWaitingFailsKeepsTheFlagAndHoldsNothing() throws Exception {
        int id = site(true, -1, "host-{host}", "volume-{vol}");
        other.hold("volume-v2");
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean interruptedAfter = new AtomicBoolean();
        Thread caller = new Thread(
                () -> {
                    try {
                        runtime.enter(id, this, ARGS);
                    } catch (Throwable e) {
                        failure.set(e);
                    }
                    interruptedAfter.set(Thread.currentThread().isInterrupted());
                },
                "caller");

        caller.start();
        assertThat(backend.awaitWaiter("volume-v2"))
                .as("caller waits for volume-v2")
                .isTrue();
        caller.interrupt();
        caller.join(TimeUnit.SECONDS.toMillis(10));

        assertThat(caller.isAlive())
                .as("caller still waiting 10 s after the interrupt")
                .isFalse();
        assertThat(failure.get())
                .isInstanceOf(LockAcquireFailedException.class)
                .hasMessageContaining("interrupted")
                .hasCauseInstanceOf(InterruptedException.class);
        assertThat(((LockAcquireFailedException) failure.get()).lockName()).isEqualTo("volume-v2");
        assertThat(interruptedAfter).as("interrupt flag after the failure").isTrue();
        assertThat(backend.heldNames()).containsExactly("volume-v2");
        assertThat(backend.calls()).endsWith("acquire host-h1", "release host-h1");
    }

    @Test
    void unreachableBackendFailsWithItsCause() {
        int id = site(true, -1, "volume-{vol}");
        backend.makeUnavailable();

        LockAcquireFailedException failure =
                catchThrowableOfType(() -> runtime.enter(id, this, ARGS), LockAcquireFailedException.class);

        assertThat(failure.lockName()).isEqualTo("volume-v2");
        assertThat(failure)
                .hasCauseInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("could not be acquired");
    }

    @Test
    void lostLockIsThrownAfterNormalReturn() {
        int id = site(true, -1, "volume-{vol}", "host-{host}");
        Object held = runtime.enter(id, this, ARGS);
        backend.loseOnRelease("volume-v2");

        LockLostException lost = catchThrowableOfType(() -> runtime.exit(held, null), LockLostException.class);

        assertThat(lost.lockName()).isEqualTo("volume-v2");
        assertThat(lost)
                .hasCauseInstanceOf(BackendLockLostException.class)
                .hasMessageContaining("may not have been exclusive");
        assertThat(backend.calls()).endsWith("release volume-v2", "release host-h1");
    }

    @Test
    void lostLockIsAddedAsSuppressedWhenTheBodyThrew() {
        int id = site(true, -1, "volume-{vol}");
        Object held = runtime.enter(id, this, ARGS);
        backend.loseOnRelease("volume-v2");
        IllegalStateException bodyFailure = new IllegalStateException("body failed");

        runtime.exit(held, bodyFailure);

        assertThat(bodyFailure.getSuppressed())
                .singleElement()
                .isInstanceOf(LockLostException.class)
                .extracting(e -> ((LockLostException) e).lockName())
                .isEqualTo("volume-v2");
    }

    @Test
    void everyLostLockOfOneCallIsReported() {
        int id = site(true, -1, "volume-{vol}", "host-{host}");
        Object held = runtime.enter(id, this, ARGS);
        backend.loseOnRelease("volume-v2");
        backend.loseOnRelease("host-h1");

        LockLostException lost = catchThrowableOfType(() -> runtime.exit(held, null), LockLostException.class);

        assertThat(lost.lockName()).isEqualTo("volume-v2");
        assertThat(lost.getSuppressed())
                .singleElement()
                .extracting(e -> ((LockLostException) e).lockName())
                .isEqualTo("host-h1");
    }

    @Test
    void unknownSiteIsRefused() {
        assertThatThrownBy(() -> runtime.enter(4711, this, ARGS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no lock site #4711");
    }
}
