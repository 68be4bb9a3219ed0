package dev.coordination.bench.overhead;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

/**
 * An embedded Hazelcast 5.4.0 member with the settings the agent gives its own in embedded mode
 * with default properties (agent {@code HazelcastConfigs}): unsafe mode (no CP members), loopback
 * only, TCP/IP join, Jet, metrics, REST and phone-home off, session TTL 30 s and heartbeat 5 s,
 * the same operation and Raft timings. The hand-written baselines of the benchmarks lock on it.
 */
public final class BenchMember {

    private BenchMember() {}

    public static HazelcastInstance start(String clusterName, int port) {
        if (clusterName == null) {
            throw new IllegalStateException("-Dbench.cluster is not set (OverheadGroup sets it for the fork)");
        }
        Config config = new Config();
        config.setClusterName(clusterName);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "none");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.graceful.shutdown.max.wait", "15");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.operation.call.timeout.millis", "5000");
        config.getJetConfig().setEnabled(false);
        config.getMetricsConfig().setEnabled(false);
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(true);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        network.getRestApiConfig().setEnabled(false);
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:" + port);
        config.getCPSubsystemConfig()
                .setCPMemberCount(0)
                .setSessionTimeToLiveSeconds(30)
                .setSessionHeartbeatIntervalSeconds(5)
                .getRaftAlgorithmConfig()
                .setLeaderHeartbeatPeriodInMillis(1000)
                .setMaxMissedLeaderHeartbeatCount(5);
        return Hazelcast.newHazelcastInstance(config);
    }
}
