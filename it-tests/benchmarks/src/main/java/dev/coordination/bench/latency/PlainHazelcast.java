package dev.coordination.bench.latency;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Hazelcast 5.4.0 itself, without the agent, for the hand-written {@code FencedLock} baselines: a
 * member configured as the agent configures its embedded member (HazelcastConfigs: loopback, TCP/IP
 * join, Jet, metrics and REST off, the same call timeout, CP session and Raft heartbeat settings),
 * or a client of the agent's dedicated members. Read from the agent's own setting keys ({@link
 * Settings}). As a main ({@code PlainHazelcast SETTINGS READY_FILE}) it is one of the other members
 * of a baseline cluster: it writes READY_FILE once it serves locks, and halts when its parent dies.
 * Test class path, no agent.
 */
public final class PlainHazelcast {

    private PlainHazelcast() {}

    /** A member ({@code mode=embedded}, the default) or a client ({@code mode=client}). */
    public static HazelcastInstance start(Settings settings) throws InterruptedException {
        if (settings.get("mode", "embedded").equals("client")) {
            ClientConfig config = new ClientConfig();
            config.setClusterName(settings.get("cluster-name", "coordination"));
            config.getNetworkConfig().setAddresses(settings.list("members"));
            config.setProperty("hazelcast.phone.home.enabled", "false");
            config.setProperty("hazelcast.logging.type", "none");
            return HazelcastClient.newHazelcastClient(config);
        }
        HazelcastInstance member = Hazelcast.newHazelcastInstance(member(settings));
        if (member.getConfig().getCPSubsystemConfig().getCPMemberCount() > 0) {
            while (!member.getCPSubsystem()
                    .getCPSubsystemManagementService()
                    .awaitUntilDiscoveryCompleted(10, TimeUnit.SECONDS)) {
                System.err.println("PlainHazelcast: still waiting for the CP subsystem to form");
            }
        }
        return member;
    }

    static Config member(Settings settings) {
        Config config = new Config();
        config.setClusterName(settings.get("cluster-name", "coordination"));
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "none");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.getJetConfig().setEnabled(false);
        config.getMetricsConfig().setEnabled(false);
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.operation.call.timeout.millis", "5000");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(settings.number("port", 5701)).setPortAutoIncrement(true);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        network.getRestApiConfig().setEnabled(false);
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(settings.list("members"));
        config.getCPSubsystemConfig()
                .setCPMemberCount(settings.number("cp-member-count", 0))
                .setSessionTimeToLiveSeconds(settings.number("session-ttl", 30))
                .setSessionHeartbeatIntervalSeconds(settings.number("heartbeat", 5))
                .getRaftAlgorithmConfig()
                .setLeaderHeartbeatPeriodInMillis(1000)
                .setMaxMissedLeaderHeartbeatCount(5);
        return config;
    }

    public static void main(String[] args) throws Exception {
        ParentWatch.haltWhenParentDies("PlainHazelcast");
        HazelcastInstance member = start(Settings.parse(args[0]));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            member.getLifecycleService().terminate();
            stopped.countDown();
        }));
        Files.writeString(Path.of(args[1]), "ready");
        stopped.await();
    }
}
