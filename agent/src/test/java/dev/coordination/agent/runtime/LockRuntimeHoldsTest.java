package dev.coordination.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coordination.Coordination;
import dev.coordination.LockTemplateException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Reentrant holds, fences and the {@code Coordination.getLock} facade of {@link LockRuntime}. */
class LockRuntimeHoldsTest {

    private static final Object[] ARGS = LockRuntimeTest.ARGS;

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
    void sameNameTwiceOnOneThreadIsOneBackendAcquire() {
        int outer = site("volume-{vol}");
        int inner = site("volume-{vol}", "host-{host}");

        Object outerHeld = runtime.enter(outer, this, ARGS);
        Object innerHeld = runtime.enter(inner, this, ARGS);
        runtime.exit(innerHeld, null);

        assertThat(backend.heldNames()).containsExactly("cinder-volume-v2");
        runtime.exit(outerHeld, null);
        assertThat(backend.calls())
                .containsExactly(
                        "acquire cinder-volume-v2",
                        "acquire cinder-host-h1",
                        "release cinder-host-h1",
                        "release cinder-volume-v2");
    }

    @Test
    void failedInnerCallKeepsTheOuterHold() throws Exception {
        int outer = site("volume-{vol}");
        int inner = sites.register(LockSite.compile(
                LockRuntimeTest.ATTACH,
                List.of("volume-{vol}", "x-{host}"),
                false,
                -1,
                TimeUnit.SECONDS,
                null,
                getClass().getClassLoader()));
        other.hold("cinder-x-h1");

        Object outerHeld = runtime.enter(outer, this, ARGS);
        assertThatThrownBy(() -> runtime.enter(inner, this, ARGS)).hasMessageContaining("\"cinder-x-h1\"");

        assertThat(runtime.fence("volume-v2")).isPositive();
        runtime.exit(outerHeld, null);
        assertThat(backend.heldNames()).containsExactly("cinder-x-h1");
    }

    @Test
    void fenceInsideTheSectionIsTheBackendFenceAndGrows() {
        int id = site("volume-{vol}");

        Object first = runtime.enter(id, this, ARGS);
        long firstFence = runtime.fence("volume-v2");
        runtime.exit(first, null);
        Object second = runtime.enter(id, this, ARGS);
        long secondFence = runtime.fence("volume-v2");
        runtime.exit(second, null);

        assertThat(firstFence).isPositive();
        assertThat(secondFence).isGreaterThan(firstFence);
    }

    @Test
    void fenceOutsideTheSectionIsRefused() {
        assertThatThrownBy(() -> runtime.fence("volume-v2"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("\"cinder-volume-v2\" is not held by the current thread");
    }

    @Test
    void facadeLockSharesHoldsWithLockedMethods() throws Exception {
        Object lock = runtime.getLock("volume-v2", Coordination.class);

        long fence = runtime.lock(lock);
        Object held = runtime.enter(site("volume-{vol}"), this, ARGS);
        runtime.exit(held, null);

        assertThat(runtime.isHeldByCurrentThread(lock)).isTrue();
        assertThat(runtime.fence("volume-v2")).isEqualTo(fence);
        assertThat(other.run(() -> runtime.isHeldByCurrentThread(lock))).isFalse();
        runtime.unlock(lock);
        assertThat(runtime.isHeldByCurrentThread(lock)).isFalse();
        assertThat(backend.calls()).containsExactly("acquire cinder-volume-v2", "release cinder-volume-v2");
    }

    @Test
    void facadeTryLockFailsWhileAnotherThreadHolds() throws Exception {
        Object lock = runtime.getLock("volume-v2", Coordination.class);
        other.hold("cinder-volume-v2");

        assertThat(runtime.tryLock(lock, -1)).isFalse();
        assertThat(runtime.tryLock(lock, TimeUnit.MILLISECONDS.toNanos(50))).isFalse();

        other.release("cinder-volume-v2");
        assertThat(runtime.tryLock(lock, -1)).isTrue();
        runtime.unlock(lock);
    }

    @Test
    void facadeUnlockWhenNotHeldIsIllegalMonitorState() {
        Object lock = runtime.getLock("volume-v2", Coordination.class);

        assertThatThrownBy(() -> runtime.unlock(lock))
                .isInstanceOf(IllegalMonitorStateException.class)
                .hasMessageContaining("\"cinder-volume-v2\" is not held by the current thread");
    }

    @Test
    void facadeRefusesNameWithAt() {
        assertThatThrownBy(() -> runtime.getLock("volume@group", Coordination.class))
                .isInstanceOf(LockTemplateException.class)
                .hasMessageContaining("volume@group")
                .hasMessageContaining("'@'");
    }

    @Test
    void manyNamesHeldAtOnceAreEachReentrantAndEachReleased() {
        // Past ThreadHolds.SCAN_LIMIT holds a thread's look-ups hash; back below it they scan again.
        int count = 20;
        Object[] locks = new Object[count];
        for (int i = 0; i < count; i++) {
            locks[i] = runtime.getLock("volume-" + i, Coordination.class);
            runtime.lock(locks[i]);
        }
        for (int i = 0; i < count; i++) {
            runtime.lock(locks[i]); // reentrant: no second backend acquire
        }
        assertThat(backend.heldNames()).hasSize(count);
        for (int i = 0; i < count; i += 2) {
            runtime.unlock(locks[i]);
            runtime.unlock(locks[i]);
        }
        assertThat(backend.heldNames()).hasSize(count / 2).doesNotContain("cinder-volume-0", "cinder-volume-18");
        for (int i = 1; i < count; i += 2) {
            assertThat(runtime.isHeldByCurrentThread(locks[i])).isTrue();
            runtime.unlock(locks[i]);
            assertThat(runtime.isHeldByCurrentThread(locks[i]))
                    .as("still held once")
                    .isTrue();
            runtime.unlock(locks[i]);
        }
        assertThat(backend.heldNames()).isEmpty();
        assertThat(backend.calls().stream().filter(call -> call.startsWith("acquire")))
                .hasSize(count);
        assertThatThrownBy(() -> runtime.unlock(locks[3])).isInstanceOf(IllegalMonitorStateException.class);
    }
}
