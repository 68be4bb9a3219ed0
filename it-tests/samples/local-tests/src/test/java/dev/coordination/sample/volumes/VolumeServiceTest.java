package dev.coordination.sample.volumes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coordination.Coordination;
import dev.coordination.LockAcquireFailedException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * {@link VolumeService}'s locking, tested as its team would: Surefire starts the test JVM with the
 * coordination agent in local mode (this module's pom.xml), so the locks live inside this JVM and
 * nothing else starts. Without the agent every test here fails.
 */
@Timeout(value = 10, threadMode = ThreadMode.SEPARATE_THREAD)
class VolumeServiceTest {

    private final RecordingStore store = new RecordingStore();
    private final VolumeService volumes = new VolumeService(store);

    @Test
    void agentIsAttachedToTheTestJvm() {
        assertTrue(Coordination.isActive(), "Surefire's argLine should start the JVM with -javaagent");
    }

    @Test
    void resizeRunsUnderTheVolumesLockAndReleasesIt() {
        volumes.resize(new Volume("v1", "gold"), 20);

        assertEquals(List.of("writeSize v1 held"), store.calls());
        assertFalse(Coordination.getLock("volume-v1").isHeldByCurrentThread(), "held after return");
    }

    @Test
    void resizeReleasesTheLockWhenTheStoreFails() {
        IllegalStateException failure = new IllegalStateException("array offline");
        store.failWritesWith(failure);

        assertSame(
                failure, assertThrows(IllegalStateException.class, () -> volumes.resize(new Volume("v2", "gold"), 5)));
        assertEquals(List.of("writeSize v2 held"), store.calls());
        assertFalse(Coordination.getLock("volume-v2").isHeldByCurrentThread(), "held after the exception");
    }

    @Test
    void growReentersTheLockItHoldsAndKeepsItUntilItReturns() {
        volumes.resize(new Volume("v3", "gold"), 10);

        assertEquals(15, volumes.grow(new Volume("v3", "gold"), 5));
        assertEquals(
                List.of("writeSize v3 held", "size v3 held", "writeSize v3 held", "size v3 held"),
                store.calls(),
                "the last size() runs after the inner resize returned: the outer hold must survive it");
        assertFalse(Coordination.getLock("volume-v3").isHeldByCurrentThread(), "held after return");
    }

    @Test
    void snapshotIsRefusedAtOnceWhileAnotherThreadHoldsTheVolume() throws Exception {
        try (HeldElsewhere busy = HeldElsewhere.hold("volume-v4")) {
            LockAcquireFailedException refused =
                    assertThrows(LockAcquireFailedException.class, () -> volumes.snapshot("v4"));
            assertEquals(busy.name(), refused.lockName());
            assertEquals(List.of(), store.calls(), "the refused snapshot ran its body");
        }
        volumes.snapshot("v4");
        assertEquals(List.of("snapshot v4 held"), store.calls());
    }

    @Test
    void deleteGivesUpAfterItsTimeoutWhileAnotherThreadHoldsTheVolume() throws Exception {
        try (HeldElsewhere busy = HeldElsewhere.hold("volume-v5")) {
            long start = System.nanoTime();
            LockAcquireFailedException timedOut =
                    assertThrows(LockAcquireFailedException.class, () -> volumes.delete("v5"));
            Duration waited = Duration.ofNanos(System.nanoTime() - start);

            assertEquals(busy.name(), timedOut.lockName());
            assertTrue(waited.toMillis() >= 500, "gave up after " + waited + ", before its 500 ms timeout");
            assertTrue(waited.toMillis() < 5_000, "gave up only after " + waited + " (timeout 500 ms)");
            assertEquals(List.of(), store.calls(), "the timed-out delete ran its body");
        }
        volumes.delete("v5");
        assertEquals(List.of("delete v5 held"), store.calls());
    }
}
