package dev.coordination.agent.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.ClientConnectionStrategyConfig;
import dev.coordination.agent.config.AgentConfig;
import dev.coordination.agent.config.InvalidConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientConfigsTest {

    @TempDir
    Path dir;

    @Test
    void settingsBecomeClusterNameAddressesAndTheMemberIdAsInstanceName() {
        ClientConfig config = ClientConfigs.client(
                settings("mode=client,cluster-name=prod,members=10.0.0.1:5701,10.0.0.2,prefix=svc-,agent-id=a1"));
        assertThat(config.getClusterName()).isEqualTo("prod");
        assertThat(config.getNetworkConfig().getAddresses()).containsExactly("10.0.0.1:5701", "10.0.0.2");
        assertThat(config.getInstanceName()).isEqualTo("svc-a1");
        assertReconnectsForEverQuietly(config);
    }

    @Test
    void aClientFileReplacesTheNetworkSettingsAndTheAgentsOwnSettingsStillApply() throws Exception {
        Path file = dir.resolve("hazelcast-client.yaml");
        Files.writeString(
                file,
                "hazelcast-client:\n  cluster-name: from-file\n  network:\n"
                        + "    cluster-members:\n      - 10.1.1.1:5801\n");
        ClientConfig config = ClientConfigs.client(
                settings("mode=client,cluster-name=ignored,agent-id=a2," + "hazelcast-config=" + file));
        assertThat(config.getClusterName()).isEqualTo("from-file");
        assertThat(config.getNetworkConfig().getAddresses()).containsExactly("10.1.1.1:5801");
        assertThat(config.getInstanceName()).isEqualTo("a2");
        assertReconnectsForEverQuietly(config);
    }

    @Test
    void aMemberFileInClientModeIsRefusedWithAMessageSayingWhatIsExpected() throws Exception {
        Path file = dir.resolve("hazelcast.xml");
        Files.writeString(
                file,
                "<hazelcast xmlns=\"http://www.hazelcast.com/schema/config\">"
                        + "<cluster-name>x</cluster-name></hazelcast>");
        assertThatThrownBy(() -> ClientConfigs.client(settings("mode=client,hazelcast-config=" + file)))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("coordination.hazelcast-config=\"" + file + "\"")
                .hasMessageContaining("not a valid Hazelcast client configuration")
                .hasMessageContaining("hazelcast-client.xml or .yaml");
    }

    private static void assertReconnectsForEverQuietly(ClientConfig config) {
        ClientConnectionStrategyConfig strategy = config.getConnectionStrategyConfig();
        assertThat(strategy.isAsyncStart()).as("never holds up the caller").isTrue();
        assertThat(strategy.getReconnectMode()).isEqualTo(ClientConnectionStrategyConfig.ReconnectMode.ON);
        assertThat(strategy.getConnectionRetryConfig().getClusterConnectTimeoutMillis())
                .as("for ever")
                .isEqualTo(-1);
        assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
        assertThat(config.getProperty("hazelcast.logging.type")).isEqualTo("slf4j");
        assertThat(config.getProperty("hazelcast.shutdownhook.enabled")).isEqualTo("false");
    }

    private static AgentConfig settings(String arguments) {
        return AgentConfig.load(new Properties(), arguments);
    }
}
