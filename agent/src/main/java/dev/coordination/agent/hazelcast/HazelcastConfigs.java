package dev.coordination.agent.hazelcast;

import com.hazelcast.config.AliasedDiscoveryConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.FileSystemXmlConfig;
import com.hazelcast.config.FileSystemYamlConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import dev.coordination.agent.config.AgentConfig;
import dev.coordination.agent.config.InvalidConfigurationException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** Turns {@link AgentConfig} into a Hazelcast member configuration. */
final class HazelcastConfigs {

    /** Longest graceful shutdown on exit; past it the member terminates (its locks were freed already). */
    static final String GRACEFUL_SHUTDOWN_SECONDS = "15";

    static final String OPERATION_CALL_TIMEOUT_MILLIS = "5000";
    static final String HEARTBEAT_INTERVAL_SECONDS = "1";
    static final String MAX_NO_HEARTBEAT_SECONDS = "10";
    static final String MERGE_DELAY_SECONDS = "2";
    static final String WAIT_BEFORE_JOIN_SECONDS = "1";
    /** The member attribute that carries a member's id (prefix + agent id). */
    static final String MEMBER_ID_ATTRIBUTE = "coordination.member-id";

    static final long LEADER_HEARTBEAT_MILLIS = 1000;
    static final int MAX_MISSED_LEADER_HEARTBEATS = 5;

    private HazelcastConfigs() {}

    static Config member(AgentConfig settings) {
        Config config = settings.hazelcastConfig() == null ? fromSettings(settings) : fromFile(settings);
        config.setInstanceName(settings.memberId());
        config.setClassLoader(HazelcastConfigs.class.getClassLoader());
        config.getMemberAttributeConfig().setAttribute(MEMBER_ID_ATTRIBUTE, settings.memberId());
        // Quiet, contained and predictable: no phone home, our logging, our own exit handling.
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.graceful.shutdown.max.wait", GRACEFUL_SHUTDOWN_SECONDS);
        partitionTimings(config);
        NameDirectory.configure(config);
        return config;
    }

    /**
     * How soon members notice a partition and find each other again, unless a configuration file
     * says otherwise. A member cut off for longer than {@link #MAX_NO_HEARTBEAT_SECONDS} is taken
     * out of the cluster, which closes the connections to it; once the cut heals, the split-brain
     * check finds it within {@link #MERGE_DELAY_SECONDS} and it joins again over new connections.
     * Hazelcast's defaults (60 s, then a first check after 300 s and every 120 s) left a member cut off
     * for a minute without locks for minutes after the heal; and a connection that stays open across
     * a cut recovers only at its next TCP retransmission, whose interval doubles while packets are
     * lost, so after a long cut open connections are slower to recover than new ones ({@code
     * PartitionIT}). The CP subsystem does not depend on cluster membership: Raft keeps its members
     * and their state through a removal and a merge.
     */
    private static void partitionTimings(Config config) {
        setDefault(config, "hazelcast.heartbeat.interval.seconds", HEARTBEAT_INTERVAL_SECONDS);
        setDefault(config, "hazelcast.max.no.heartbeat.seconds", MAX_NO_HEARTBEAT_SECONDS);
        setDefault(config, "hazelcast.merge.first.run.delay.seconds", MERGE_DELAY_SECONDS);
        setDefault(config, "hazelcast.merge.next.run.delay.seconds", MERGE_DELAY_SECONDS);
        setDefault(config, "hazelcast.wait.seconds.before.join", WAIT_BEFORE_JOIN_SECONDS);
    }

    private static void setDefault(Config config, String property, String value) {
        if (config.getProperty(property) == null && System.getProperty(property) == null) {
            config.setProperty(property, value);
        }
    }

    private static Config fromSettings(AgentConfig settings) {
        Config config = new Config();
        config.setClusterName(settings.clusterName());
        config.getJetConfig().setEnabled(false);
        // Hazelcast's metrics keep several metrics and a JMX MBean for each CP lock, that is for each
        // lock stripe used (NamesIT), and walk them every 5 s; coordination publishes its own
        // figures (dev.coordination:type=Locks).
        config.getMetricsConfig().setEnabled(false);
        config.setProperty("hazelcast.socket.bind.any", "false");
        // A request to a member that hangs (paused VM, stopped process) is retried elsewhere after
        // this long without an answer or an operation heartbeat; Hazelcast's 60 s would outlast the
        // 30 s in which a lock call expects an answer (CpFailuresIT).
        config.setProperty("hazelcast.operation.call.timeout.millis", OPERATION_CALL_TIMEOUT_MILLIS);
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(settings.port()).setPortAutoIncrement(true);
        network.getInterfaces().setEnabled(true).addInterface(settings.networkInterface());
        network.getRestApiConfig().setEnabled(false);
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(settings.members());
        config.getCPSubsystemConfig()
                .setCPMemberCount(settings.cpMemberCount())
                .setSessionTimeToLiveSeconds(settings.sessionTtlSeconds())
                .setSessionHeartbeatIntervalSeconds(settings.heartbeatSeconds())
                .getRaftAlgorithmConfig()
                // Hazelcast's default (5 s x 5 missed) leaves a CP group without a leader for about
                // 25 s after its leader hangs; a lock service should notice within about 5 s
                // (CpFailuresIT stops a member that may be the leader).
                .setLeaderHeartbeatPeriodInMillis(LEADER_HEARTBEAT_MILLIS)
                .setMaxMissedLeaderHeartbeatCount(MAX_MISSED_LEADER_HEARTBEATS);
        return config;
    }

    /**
     * Why a dedicated member must not start, or {@code null}: it would run CP unsafe mode (no CP
     * members) while its join configuration names other members (TCP/IP entries besides its own
     * interface and port, or a discovery that finds members by itself), and {@code
     * coordination.allow-unsafe-cluster} is not set. A cluster of several unsafe members can lose
     * an acknowledged lock and grant one lock twice.
     */
    static String unsafePeers(AgentConfig settings, Config config) {
        if (settings.allowUnsafeCluster() || config.getCPSubsystemConfig().getCPMemberCount() > 0) {
            return null;
        }
        List<String> peers = peers(config);
        if (peers.isEmpty()) {
            return null;
        }
        String risk = " Hazelcast's CP unsafe mode (no Raft), where a lock can be lost when a member crashes and"
                + " both sides of a network split grant it; ";
        String allow = AgentConfig.PREFIX + AgentConfig.ALLOW_UNSAFE_CLUSTER + "=true to run it anyway";
        if (settings.hazelcastConfig() == null) {
            return AgentConfig.PREFIX + AgentConfig.MEMBERS + "=\"" + String.join(",", settings.members())
                    + "\" names other members (" + String.join(", ", peers) + "), and "
                    + AgentConfig.PREFIX + AgentConfig.CP_MEMBER_COUNT + "=0 would run them in" + risk + "set "
                    + AgentConfig.PREFIX + AgentConfig.CP_MEMBER_COUNT + "=3 or more on every member, or " + allow;
        }
        return "the join configuration of " + AgentConfig.PREFIX + AgentConfig.HAZELCAST_CONFIG + "=\""
                + settings.hazelcastConfig() + "\" finds other members (" + String.join(", ", peers)
                + "), and the file configures no CP members, which would run them in" + risk
                + "configure cp-member-count 3 or more in the file, or set " + allow;
    }

    /** The other members a configuration joins: TCP/IP entries that are not this member, and discoveries. */
    static List<String> peers(Config config) {
        JoinConfig join = config.getNetworkConfig().getJoin();
        List<String> peers = new ArrayList<>();
        if (join.getMulticastConfig().isEnabled()) {
            peers.add("multicast discovery");
        }
        if (join.isAutoDetectionEnabled()) {
            peers.add("auto-detection discovery");
        }
        if (join.getDiscoveryConfig().isEnabled()) {
            peers.add("discovery strategies");
        }
        for (AliasedDiscoveryConfig<?> cloud : List.of(
                join.getAwsConfig(),
                join.getGcpConfig(),
                join.getAzureConfig(),
                join.getKubernetesConfig(),
                join.getEurekaConfig())) {
            if (cloud.isEnabled()) {
                peers.add(cloud.getTag() + " discovery");
            }
        }
        if (join.getTcpIpConfig().isEnabled()) {
            NetworkConfig network = config.getNetworkConfig();
            Collection<String> ownHosts = network.getInterfaces().isEnabled()
                    ? network.getInterfaces().getInterfaces()
                    : List.of();
            peers.addAll(others(join.getTcpIpConfig().getMembers(), ownHosts, network.getPort()));
        }
        return peers;
    }

    /**
     * The TCP/IP member entries ({@code host}, {@code host:port}, {@code [v6]:port}) that are not the
     * member itself: its own host with its own port, or without a port. Ranges and wildcards are
     * other members.
     */
    static List<String> others(Collection<String> entries, Collection<String> ownHosts, int ownPort) {
        List<String> others = new ArrayList<>();
        for (String entry : entries) {
            String host = entry.trim();
            String port = null;
            int close = host.indexOf("]:");
            if (host.startsWith("[") && close > 0) {
                port = host.substring(close + 2);
                host = host.substring(1, close);
            } else if (host.indexOf(':') > 0 && host.indexOf(':') == host.lastIndexOf(':')) {
                port = host.substring(host.indexOf(':') + 1);
                host = host.substring(0, host.indexOf(':'));
            } else if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            boolean ownHost = false;
            for (String own : ownHosts) {
                ownHost |= own.trim().toLowerCase(Locale.ROOT).equals(host.toLowerCase(Locale.ROOT));
            }
            if (!ownHost || (port != null && !port.equals(Integer.toString(ownPort)))) {
                others.add(entry.trim());
            }
        }
        return others;
    }

    private static Config fromFile(AgentConfig settings) {
        Path file = settings.hazelcastConfig();
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            return name.endsWith(".xml")
                    ? new FileSystemXmlConfig(file.toFile(), FileVariables.of(settings))
                    : new FileSystemYamlConfig(file.toFile(), FileVariables.of(settings));
        } catch (IOException | RuntimeException e) {
            throw new InvalidConfigurationException(AgentConfig.PREFIX + AgentConfig.HAZELCAST_CONFIG + "=\"" + file
                    + "\": not a valid Hazelcast configuration: " + e.getMessage());
        }
    }
}
