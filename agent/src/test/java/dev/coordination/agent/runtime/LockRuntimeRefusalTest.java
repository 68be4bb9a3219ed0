package dev.coordination.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.coordination.Coordination;
import dev.coordination.LockAcquireFailedException;
import dev.coordination.agent.template.MethodShape;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A backend that refuses every acquire (Hazelcast's CP unsafe mode with several members, without
 * {@code coordination.allow-unsafe-cluster}): locked calls and facade acquires fail closed with the
 * backend's reason, without asking it for a lock, while locks already held are still released.
 */
class LockRuntimeRefusalTest {

    private static final MethodShape ATTACH = LockRuntimeTest.ATTACH;
    private static final Object[] ARGS = LockRuntimeTest.ARGS;
    private static final String WHY =
            "the cluster cannot keep locks safe (coordination.cp-member-count," + " coordination.allow-unsafe-cluster)";

    private final InMemoryLockBackend backend = new InMemoryLockBackend();
    private final LockSites sites = new LockSites();
    private final LockRuntime runtime = new LockRuntime(sites, backend, "");
    private final OtherThread other = new OtherThread(backend, "");

    @AfterEach
    void stopOtherThread() {
        other.close();
    }

    private int site(String... templates) {
        return sites.register(LockSite.compile(
                ATTACH,
                List.of(templates),
                true,
                -1,
                TimeUnit.MILLISECONDS,
                null,
                getClass().getClassLoader()));
    }

    @Test
    void aRefusedCallFailsWithTheReasonAndNeverAsksTheBackend() {
        int id = site("volume-{vol}", "host-{host}");
        backend.refuse(WHY);

        LockAcquireFailedException failure =
                catchThrowableOfType(() -> runtime.enter(id, this, ARGS), LockAcquireFailedException.class);

        assertThat(failure.lockName()).as("the first name the call would take").isEqualTo("host-h1");
        assertThat(failure)
                .hasMessage("lock \"host-h1\" for " + sites.get(id).label() + " could not be acquired: " + WHY
                        + "; the method did not run");
        assertThat(backend.calls()).isEmpty();
        assertThat(sites.get(id).stats().failures()).isEqualTo(1);
    }

    @Test
    void facadeLockAndTryLockAreRefusedToo() {
        Object lock = runtime.getLock("volume-v2", Coordination.class);
        backend.refuse(WHY);

        for (Runnable acquire : List.<Runnable>of(
                () -> runtime.lock(lock),
                () -> runtime.tryLock(lock, -1),
                () -> runtime.tryLock(lock, TimeUnit.SECONDS.toNanos(1)))) {
            LockAcquireFailedException failure = catchThrowableOfType(acquire::run, LockAcquireFailedException.class);
            assertThat(failure.lockName()).isEqualTo("volume-v2");
            assertThat(failure).hasMessage("lock \"volume-v2\" could not be acquired: " + WHY);
        }
        assertThat(backend.calls()).isEmpty();
        assertThat(runtime.facadeStats().failures()).isEqualTo(3);
    }

    @Test
    void locksHeldWhenTheRefusalBeginsAreReleasedAndAReentrantCallIsRefused() {
        int id = site("volume-{vol}");
        Object held = runtime.enter(id, this, ARGS);
        backend.refuse(WHY);

        LockAcquireFailedException reentrant =
                catchThrowableOfType(() -> runtime.enter(id, this, ARGS), LockAcquireFailedException.class);
        assertThat(reentrant).hasMessageContaining(WHY);
        assertThat(runtime.isHeldByCurrentThread(runtime.getLock("volume-v2", Coordination.class)))
                .as("the outer hold is kept")
                .isTrue();

        runtime.exit(held, null);
        assertThat(backend.calls()).containsExactly("acquire volume-v2", "release volume-v2");
        assertThat(backend.heldNames()).isEmpty();
    }

    @Test
    void aCallAlreadyWaitingFailsAtItsNextRequestOnceTheRefusalBegins() throws Exception {
        int id = site("volume-{vol}");
        other.hold("volume-v2");
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread caller = new Thread(
                () -> {
                    try {
                        runtime.exit(runtime.enter(id, this, ARGS), null);
                    } catch (Throwable e) {
                        failure.set(e);
                    }
                },
                "caller");
        caller.start();
        assertThat(backend.awaitWaiter("volume-v2"))
                .as("the caller waits for volume-v2")
                .isTrue();

        backend.refuse(WHY);
        caller.join(TimeUnit.SECONDS.toMillis(10));

        assertThat(caller.isAlive())
                .as("the caller still waits 10 s after the refusal began")
                .isFalse();
        assertThat(failure.get())
                .isInstanceOf(LockAcquireFailedException.class)
                .hasMessageContaining(WHY)
                .hasMessageEndingWith("; the method did not run");
        assertThat(backend.heldNames()).as("held by the other thread only").containsExactly("volume-v2");
    }

    @Test
    void callsLockAgainOnceTheRefusalEnds() {
        int id = site("volume-{vol}");
        backend.refuse(WHY);
        catchThrowableOfType(() -> runtime.enter(id, this, ARGS), LockAcquireFailedException.class);

        backend.refuse(null);
        runtime.exit(runtime.enter(id, this, ARGS), null);

        assertThat(backend.calls()).containsExactly("acquire volume-v2", "release volume-v2");
        assertThat(sites.get(id).stats().acquisitions()).isEqualTo(1);
    }
}
