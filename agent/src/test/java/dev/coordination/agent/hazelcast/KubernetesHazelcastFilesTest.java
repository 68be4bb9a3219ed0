package dev.coordination.agent.hazelcast;

import static dev.coordination.agent.hazelcast.KubernetesDocs.at;
import static dev.coordination.agent.hazelcast.KubernetesDocs.manifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.YamlClientConfigBuilder;
import com.hazelcast.config.Config;
import com.hazelcast.config.InvalidConfigurationException;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.KubernetesConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.YamlConfigBuilder;
import com.hazelcast.config.cp.CPSubsystemConfig;
import dev.coordination.agent.config.AgentConfig;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Hazelcast files that the ConfigMaps of docs/kubernetes carry, fed to Hazelcast's own loaders
 * and to the agent's loading path ({@code coordination.hazelcast-config}).
 */
class KubernetesHazelcastFilesTest {

    private static final String POD_IP = "10.244.1.7";

    @TempDir
    Path dir;

    private static String memberFile() {
        return (String) at(manifest("ConfigMap", "coordination-member"), "data", "hazelcast.yaml");
    }

    private static String clientFile() {
        return (String) at(manifest("ConfigMap", "coordination-client"), "data", "hazelcast-client.yaml");
    }

    private static Config parseMember(Properties variables) {
        return new YamlConfigBuilder(new ByteArrayInputStream(memberFile().getBytes(StandardCharsets.UTF_8)))
                .setProperties(variables)
                .build();
    }

    @Test
    void theMemberFileJoinsThroughTheHeadlessServiceDnsWithACpSubsystemOfThree() {
        Config config = parseMember(podIp());

        assertThat(config.getClusterName()).isEqualTo("coordination");
        JoinConfig join = config.getNetworkConfig().getJoin();
        KubernetesConfig kubernetes = join.getKubernetesConfig();
        assertThat(kubernetes.isEnabled()).isTrue();
        assertThat(kubernetes.getProperties())
                .containsEntry("service-dns", "coordination-members")
                .containsEntry("service-port", "5701");
        assertThat(join.getMulticastConfig().isEnabled()).isFalse();
        assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
        assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();

        NetworkConfig network = config.getNetworkConfig();
        assertThat(network.getPort()).isEqualTo(5701);
        assertThat(network.getInterfaces().isEnabled()).isTrue();
        assertThat(network.getInterfaces().getInterfaces()).containsExactly(POD_IP);
        assertThat(config.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
        assertThat(network.getRestApiConfig().isEnabled()).isFalse();

        CPSubsystemConfig cp = config.getCPSubsystemConfig();
        assertThat(cp.getCPMemberCount()).isEqualTo(3);
        assertThat(cp.getSessionTimeToLiveSeconds()).isEqualTo(30);
        assertThat(cp.getSessionHeartbeatIntervalSeconds()).isEqualTo(5);
        assertThat(cp.getRaftAlgorithmConfig().getLeaderHeartbeatPeriodInMillis())
                .isEqualTo(HazelcastConfigs.LEADER_HEARTBEAT_MILLIS);
        assertThat(cp.getRaftAlgorithmConfig().getMaxMissedLeaderHeartbeatCount())
                .isEqualTo(HazelcastConfigs.MAX_MISSED_LEADER_HEARTBEATS);
        assertThat(config.getProperty("hazelcast.operation.call.timeout.millis"))
                .isEqualTo(HazelcastConfigs.OPERATION_CALL_TIMEOUT_MILLIS);
        assertThat(config.getJetConfig().isEnabled()).isFalse();
        assertThat(config.getMetricsConfig().isEnabled()).isFalse();
    }

    @Test
    void theMemberFileRefusesToStartWithoutThePodAddress() {
        assertThatThrownBy(() -> parseMember(new Properties()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("Could not find a replacement for '${coordination.interface}'");
    }

    @Test
    void theAgentLoadsTheMemberFileBindingThePodAddressFromItsEnvironment() throws Exception {
        Path file = Files.writeString(dir.resolve("hazelcast.yaml"), memberFile());
        AgentConfig settings = AgentConfig.load(
                new Properties(),
                Map.of("COORDINATION_INTERFACE", POD_IP, "COORDINATION_HAZELCAST_CONFIG", file.toString()),
                null);

        Config config = HazelcastConfigs.member(settings);

        assertThat(config.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly(POD_IP);
        assertThat(config.getCPSubsystemConfig().getCPMemberCount()).isEqualTo(3);
        assertThat(HazelcastConfigs.peers(config)).containsExactly("kubernetes discovery");
        assertThat(HazelcastConfigs.unsafePeers(settings, config))
                .as("a CP subsystem: the member may start")
                .isNull();
    }

    @Test
    void theClientFileFindsTheMembersThroughTheSameServiceAndTheAgentAcceptsIt() throws Exception {
        ClientConfig parsed = new YamlClientConfigBuilder(
                        new ByteArrayInputStream(clientFile().getBytes(StandardCharsets.UTF_8)))
                .build();
        assertThat(parsed.getClusterName()).isEqualTo(parseMember(podIp()).getClusterName());
        KubernetesConfig kubernetes = parsed.getNetworkConfig().getKubernetesConfig();
        assertThat(kubernetes.isEnabled()).isTrue();
        assertThat(kubernetes.getProperties())
                .containsEntry("service-dns", "coordination-members")
                .containsEntry("service-port", "5701");
        assertThat(parsed.getConnectionStrategyConfig()
                        .getConnectionRetryConfig()
                        .getMaxBackoffMillis())
                .isEqualTo(ClientConfigs.MAX_BACKOFF_MILLIS);

        Path file = Files.writeString(dir.resolve("hazelcast-client.yaml"), clientFile());
        ClientConfig config = ClientConfigs.client(AgentConfig.load(
                new Properties(),
                Map.of("COORDINATION_MODE", "client", "COORDINATION_HAZELCAST_CONFIG", file.toString()),
                null));
        assertThat(config.getNetworkConfig().getKubernetesConfig().isEnabled()).isTrue();
        assertThat(config.getConnectionStrategyConfig()
                        .getConnectionRetryConfig()
                        .getInitialBackoffMillis())
                .isEqualTo(ClientConfigs.INITIAL_BACKOFF_MILLIS);
    }

    private static Properties podIp() {
        Properties variables = new Properties();
        variables.setProperty("coordination.interface", POD_IP);
        return variables;
    }
}
