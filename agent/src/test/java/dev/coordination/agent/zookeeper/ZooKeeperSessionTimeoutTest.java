package dev.coordination.agent.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coordination.agent.config.AgentConfig;
import java.io.File;
import java.nio.file.Files;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;

/**
 * {@code coordination.session-ttl} with ZooKeeper is only asked for: the server keeps the session
 * timeout between 2 and 20 of its ticks, so a value the agent accepts outside that range is
 * negotiated into it (docs/zookeeper.md).
 */
class ZooKeeperSessionTimeoutTest {

    @Test
    void theServerNegotiatesTheSessionTimeoutIntoItsTickRange() throws Exception {
        File data = Files.createTempDirectory("zk-ticks").toFile();
        // ZooKeeper's defaults: tickTime 2 s, sessions from 2 to 20 ticks (Curator's test server
        // sets a minimum of its own, so the default minimum is set again here).
        InstanceSpec spec = new InstanceSpec(
                data, -1, -1, -1, true, -1, 2000, -1, Map.of("minSessionTimeout", "4000"), "127.0.0.1");
        try (TestingServer server = new TestingServer(spec, true)) {
            assertThat(negotiatedSeconds(server, 60)).as("asked 60 s").isEqualTo(40);
            assertThat(negotiatedSeconds(server, 1)).as("asked 1 s").isEqualTo(4);
            assertThat(negotiatedSeconds(server, 5)).as("asked 5 s").isEqualTo(5);
        }
    }

    private static long negotiatedSeconds(TestingServer server, int asked) throws Exception {
        ZooKeeperLockBackend backend = new ZooKeeperLockBackend(AgentConfig.load(
                new Properties(),
                "backend=zookeeper,session-ttl=" + asked + ",zookeeper.connect=" + server.getConnectString()));
        backend.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!backend.isReady()) {
                assertThat(System.nanoTime()).as("connected within 20 s").isLessThan(deadline);
                Thread.sleep(20); // polls a volatile state that a Curator thread moves
            }
            ZooKeeper zooKeeper =
                    backend.connection().client().getZookeeperClient().getZooKeeper();
            return TimeUnit.MILLISECONDS.toSeconds(zooKeeper.getSessionTimeout());
        } finally {
            backend.stop();
        }
    }
}
