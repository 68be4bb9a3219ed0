package dev.coordination.agent.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coordination.agent.config.AgentConfig;
import dev.coordination.agent.runtime.Deadline;
import dev.coordination.agent.runtime.Glob;
import dev.coordination.agent.runtime.LockTimings;
import dev.coordination.agent.runtime.StripeLock;
import java.util.Properties;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code synchronizedRemove} on ZooKeeper: a released name leaves only its empty container node
 * (which the server deletes by itself within a minute); removal deletes the matching ones at once,
 * never one that is held, and a removed name locks again as before, with a larger fence.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ZooKeeperRemoveNamesTest {

    private TestingServer server;
    private ZooKeeperLockBackend backend;

    @BeforeAll
    void start() throws Exception {
        server = new TestingServer(true);
        backend = new ZooKeeperLockBackend(AgentConfig.load(
                new Properties(),
                "backend=zookeeper,prefix=app-,zookeeper.namespace=remove,zookeeper.connect="
                        + server.getConnectString()));
        backend.start();
    }

    @AfterAll
    void stop() throws Exception {
        backend.stop();
        server.close();
    }

    private StripeLock lock(String fullName) throws InterruptedException {
        return backend.lock(fullName, 0, LockTimings.READY_WAIT_NANOS);
    }

    private long take(String fullName) throws InterruptedException {
        return lock(fullName).acquire(Deadline.noWait(), System.nanoTime(), 0);
    }

    private boolean exists(String fullName) throws Exception {
        CuratorFramework client = backend.connection().client();
        return client.checkExists().forPath(LockNodes.parentOf(fullName)) != null;
    }

    @Test
    void removesTheFreeMatchingNamesOnlyAndARemovedNameLocksAgain() throws Exception {
        long first = take("app-volume-1-a");
        lock("app-volume-1-a").release();
        take("app-volume-1-b");
        lock("app-volume-1-b").release();
        long held = take("app-volume-1-held");
        take("app-volume-2-a");
        lock("app-volume-2-a").release();
        try {
            assertThat(backend.removeNames("app-", Glob.compile("volume-1-*")))
                    .as("free names matching volume-1-*")
                    .isEqualTo(2);
            assertThat(exists("app-volume-1-a")).isFalse();
            assertThat(exists("app-volume-1-held")).as("a held name stays").isTrue();
            assertThat(exists("app-volume-2-a"))
                    .as("a name the glob does not match")
                    .isTrue();
        } finally {
            lock("app-volume-1-held").release();
        }
        long again = take("app-volume-1-a");
        lock("app-volume-1-a").release();
        assertThat(again).as("the removed name's next fence").isGreaterThan(Math.max(first, held));
        assertThat(backend.removeNames("app-", Glob.compile("*"))).isEqualTo(3);
        assertThat(backend.removeNames("app-", Glob.compile("*"))).isZero();
    }
}
