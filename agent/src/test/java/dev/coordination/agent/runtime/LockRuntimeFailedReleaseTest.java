package dev.coordination.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.coordination.LockAcquireFailedException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A call on two names whose cluster stops answering once it took the first: the release of that
 * first name must not stretch the failing call past its bound.
 */
class LockRuntimeFailedReleaseTest {

    private static final long GRACE_MILLIS = 200;

    private final InMemoryLockBackend memory = new InMemoryLockBackend();
    private final UnansweredReleaseBackend backend = new UnansweredReleaseBackend(memory);
    private final LockSites sites = new LockSites();
    private final LockRuntime runtime = new LockRuntime(sites, backend, "");
    private final OtherThread other = new OtherThread(memory, "");

    @AfterEach
    void stopOtherThread() {
        other.close();
    }

    private int site(boolean blocking, long timeoutMillis) {
        return sites.register(LockSite.compile(
                LockRuntimeTest.ATTACH,
                List.of("host-{host}", "volume-{vol}"),
                blocking,
                timeoutMillis,
                TimeUnit.MILLISECONDS,
                null,
                getClass().getClassLoader()));
    }

    /** Runs the call, which must fail; prints and returns after how many milliseconds it did. */
    private long failingCallMillis(int id, String what) {
        long start = System.nanoTime();
        LockAcquireFailedException failure = catchThrowableOfType(
                () -> runtime.enter(id, this, LockRuntimeTest.ARGS), LockAcquireFailedException.class);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.println(what + ": failed after " + millis + " ms");
        assertThat(failure).isNotNull();
        assertThat(failure.lockName()).isEqualTo("volume-v2");
        return millis;
    }

    @Test
    void callWithTimeoutFailsByItsDeadlineThoughTheFirstNamesReleaseGetsNoAnswer() throws Exception {
        other.hold("volume-v2");
        backend.silenceReleases("host-h1");

        long millis = failingCallMillis(site(true, 1_000), "timeout 1 s");

        assertThat(millis).isBetween(1_000L, 1_000 + GRACE_MILLIS);
        assertThat(runtime.isHeldByCurrentThread(runtime.getLock("host-h1", null)))
                .as("a release that goes on in the background leaves nothing held by the thread")
                .isFalse();
    }

    @Test
    void nonBlockingCallAnswersWithinFiveSecondsThoughTheFirstNamesReleaseGetsNoAnswer() throws Exception {
        other.hold("volume-v2");
        backend.silenceReleases("host-h1");

        long millis = failingCallMillis(site(false, -1), "blocking=false");

        assertThat(millis).isLessThan(5_000);
    }

    @Test
    void callWithoutTimeoutFailsOnceTheClusterIsFoundSilentThoughTheFirstNamesReleaseGetsNoAnswer() {
        backend.cutOff("volume-v2");
        backend.silenceReleases("host-h1");

        long millis = failingCallMillis(site(true, -1), "no timeout, second name unreachable");

        // The release gets the answer grace at most; the rest is the call's own work (its first one in this JVM).
        assertThat(millis).isLessThan(1_000);
        assertThat(runtime.isHeldByCurrentThread(runtime.getLock("host-h1", null)))
                .isFalse();
    }
}
