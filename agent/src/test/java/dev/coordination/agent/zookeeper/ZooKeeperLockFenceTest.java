package dev.coordination.agent.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.CuratorEvent;
import org.apache.curator.framework.imps.ProtectedCreates;
import org.apache.curator.retry.RetryNTimes;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;

/**
 * A lock request whose create lost its connection: Curator finds the node again by its protection
 * prefix and answers without the node's stat, so the fence (its {@code czxid}) is asked of the
 * server. Taking a missing stat for fence 0 made a granted lock look refused: the call failed (a
 * facade {@code lock()} with a {@code NullPointerException}) while this JVM kept the node.
 */
class ZooKeeperLockFenceTest {

    private static final long BOUND = TimeUnit.SECONDS.toNanos(10);

    @Test
    void requestFoundAgainAfterALostConnectionGetsItsNodesCzxidAsFence() throws Exception {
        try (TestingServer server = new TestingServer(true);
                CuratorFramework client = client(server)) {
            CompletableFuture<CuratorEvent> answer = new CompletableFuture<>();
            ProtectedCreates.foundAgain(client, "/locks/volume-1/lock-")
                    .inBackground((c, event) -> answer.complete(event))
                    .forPath("/locks/volume-1/lock-");
            CuratorEvent created = answer.get(10, TimeUnit.SECONDS);
            Stat stat = client.checkExists().forPath(created.getName());

            long fence = RequestFence.of(client, created, BOUND);

            assertThat(created.getStat())
                    .as("Curator's answer when it found the node again")
                    .isNull();
            assertThat(fence).isPositive().isEqualTo(stat.getCzxid());
        }
    }

    @Test
    void requestWhoseNodeIsGoneHasNoFence() throws Exception {
        try (TestingServer server = new TestingServer(true);
                CuratorFramework client = client(server)) {
            CompletableFuture<CuratorEvent> answer = new CompletableFuture<>();
            ProtectedCreates.foundAgain(client, "/locks/volume-2/lock-")
                    .inBackground((c, event) -> answer.complete(event))
                    .forPath("/locks/volume-2/lock-");
            CuratorEvent created = answer.get(10, TimeUnit.SECONDS);
            client.delete().forPath(created.getName());

            assertThat(RequestFence.of(client, created, BOUND))
                    .as("a node gone with its session")
                    .isZero();
        }
    }

    @Test
    void createAnswerCarriesTheFenceWithoutAQuestion() throws Exception {
        try (TestingServer server = new TestingServer(true);
                CuratorFramework client = client(server)) {
            CompletableFuture<CuratorEvent> answer = new CompletableFuture<>();
            client.create()
                    .creatingParentContainersIfNeeded()
                    .withProtection()
                    .withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
                    .inBackground((c, event) -> answer.complete(event))
                    .forPath("/locks/volume-3/lock-");
            CuratorEvent created = answer.get(10, TimeUnit.SECONDS);
            server.stop();

            assertThat(RequestFence.of(client, created, BOUND))
                    .as("read from the answer, with the server gone")
                    .isEqualTo(created.getStat().getCzxid())
                    .isPositive();
        }
    }

    private static CuratorFramework client(TestingServer server) throws InterruptedException {
        CuratorFramework client = CuratorFrameworkFactory.builder()
                .connectString(server.getConnectString())
                .namespace("fence-test")
                .retryPolicy(new RetryNTimes(3, 100))
                .build();
        client.start();
        assertThat(client.blockUntilConnected(10, TimeUnit.SECONDS)).isTrue();
        return client;
    }
}
