package dev.coordination.agent.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import dev.coordination.agent.config.AgentConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ${coordination.<key>}} in a hazelcast-config file: the settings in effect, from any source. */
class FileVariablesTest {

    @TempDir
    Path dir;

    @Test
    void aMemberXmlFileNamesSettingsGivenAsAgentArgumentsAndDefaults() throws Exception {
        Path file = Files.writeString(
                dir.resolve("hazelcast.xml"),
                "<hazelcast xmlns=\"http://www.hazelcast.com/schema/config\">"
                        + "<cluster-name>${coordination.cluster-name}-${coordination.heartbeat}</cluster-name>"
                        + "<network><port>${coordination.port}</port><interfaces enabled=\"true\">"
                        + "<interface>${coordination.interface}</interface></interfaces></network>"
                        + "</hazelcast>");

        Config config = HazelcastConfigs.member(AgentConfig.load(
                new Properties(), "cluster-name=blue,interface=10.0.0.7,port=5901,hazelcast-config=" + file));

        assertThat(config.getClusterName()).as("heartbeat from its default").isEqualTo("blue-5");
        assertThat(config.getNetworkConfig().getPort()).isEqualTo(5901);
        assertThat(config.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("10.0.0.7");
    }

    @Test
    void aClientFileNamesSettingsGivenAsEnvironmentVariablesAndSystemPropertiesStayAvailable() throws Exception {
        Path file = Files.writeString(
                dir.resolve("hazelcast-client.yaml"),
                "hazelcast-client:\n  cluster-name: ${coordination.prefix}${coordination.agent-id}\n"
                        + "  network:\n    cluster-members:\n      - ${coordination.members}\n");

        ClientConfig config = ClientConfigs.client(AgentConfig.load(
                new Properties(),
                Map.of(
                        "COORDINATION_MODE", "client",
                        "COORDINATION_PREFIX", "svc-",
                        "COORDINATION_AGENT_ID", "a1",
                        "COORDINATION_MEMBERS", "10.0.0.8:5701",
                        "COORDINATION_HAZELCAST_CONFIG", file.toString()),
                null));

        assertThat(config.getClusterName()).isEqualTo("svc-a1");
        assertThat(config.getNetworkConfig().getAddresses()).containsExactly("10.0.0.8:5701");
        assertThat(FileVariables.of(AgentConfig.load(new Properties(), null)).getProperty("java.specification.version"))
                .isEqualTo(System.getProperty("java.specification.version"));
    }
}
