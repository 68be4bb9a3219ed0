package dev.coordination.agent.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.coordination.LockAcquireFailedException;
import dev.coordination.agent.config.AgentConfig;
import dev.coordination.agent.runtime.Deadline;
import dev.coordination.agent.runtime.LockRuntime;
import dev.coordination.agent.runtime.LockSite;
import dev.coordination.agent.runtime.LockSites;
import dev.coordination.agent.runtime.LockStripes;
import dev.coordination.agent.template.MethodShape;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;

/**
 * A call with a timeout on two names whose ZooKeeper goes away after the call took the first: it
 * fails by its deadline, while the delete of the first name's node goes on in the background.
 */
class ZooKeeperFailedReleaseTest {

    private static final MethodShape SHAPE = new MethodShape(
            "com.acme.VolumeService", "attach", List.of("vol"), true, List.of("java.lang.String"), false);

    @Test
    void callWithTimeoutFailsByItsDeadlineWhenZooKeeperGoesAwayAfterItsFirstName() throws Exception {
        ScheduledExecutorService cut = Executors.newSingleThreadScheduledExecutor();
        try (TestingServer server = new TestingServer(true)) {
            ZooKeeperLockBackend holder = backend(server);
            ZooKeeperLockBackend caller = backend(server);
            try {
                LockStripes stripes = holder.stripes();
                long fence = holder.lock("b-v1", stripes.of("b-v1"), TimeUnit.SECONDS.toNanos(20))
                        .acquire(Deadline.after(TimeUnit.SECONDS.toNanos(20), System.nanoTime()), System.nanoTime(), 0);
                assertThat(fence).as("the other member holds b-v1").isPositive();
                LockSites sites = new LockSites();
                LockRuntime runtime = new LockRuntime(sites, caller, "");
                int id = sites.register(LockSite.compile(
                        SHAPE,
                        List.of("a-{vol}", "b-{vol}"),
                        true,
                        3_000,
                        TimeUnit.MILLISECONDS,
                        null,
                        getClass().getClassLoader()));
                awaitReady(caller);
                cut.schedule(() -> stopQuietly(server), 1, TimeUnit.SECONDS);
                long start = System.nanoTime();

                LockAcquireFailedException failure = catchThrowableOfType(
                        () -> runtime.enter(id, this, new Object[] {"v1"}), LockAcquireFailedException.class);

                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                System.out.println("ZooKeeper cut off 1 s into a 3 s call on two names: failed after " + millis
                        + " ms; " + failure);
                assertThat(failure).isNotNull();
                assertThat(failure.lockName()).isEqualTo("b-v1");
                assertThat(millis).isBetween(3_000L, 3_200L);
                assertThat(caller.held("a-v1"))
                        .as("the name whose delete goes on is no longer held by any thread")
                        .isNull();
            } finally {
                caller.stop();
                holder.stop();
            }
        } finally {
            cut.shutdownNow();
        }
    }

    private static ZooKeeperLockBackend backend(TestingServer server) throws Exception {
        ZooKeeperLockBackend backend = new ZooKeeperLockBackend(AgentConfig.load(
                new Properties(),
                "backend=zookeeper,session-ttl=10,heartbeat=2,zookeeper.namespace=failed-release,zookeeper.connect="
                        + server.getConnectString()));
        backend.start();
        awaitReady(backend);
        return backend;
    }

    private static void awaitReady(ZooKeeperLockBackend backend) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!backend.isReady()) {
            assertThat(System.nanoTime()).as("connected within 20 s").isLessThan(deadline);
            Thread.sleep(20); // polls a volatile state that a Curator thread moves
        }
    }

    private static void stopQuietly(TestingServer server) {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
