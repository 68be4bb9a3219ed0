package dev.coordination.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AgentConfigTest {

    private static Properties properties(String... keyValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }

    @Test
    void ignoresEmptyPiecesSuchAsATrailingComma() {
        AgentConfig config = AgentConfig.load(new Properties(), "port=5801,,cluster-name=x,");
        assertThat(config.port()).isEqualTo(5801);
        assertThat(config.clusterName()).isEqualTo("x");
    }

    @Test
    void defaultsWithoutPropertiesOrArguments() {
        AgentConfig config = AgentConfig.load(new Properties(), null);

        assertThat(config.mode()).isEqualTo(AgentConfig.Mode.EMBEDDED);
        assertThat(config.clusterName()).isEqualTo("coordination");
        assertThat(config.members()).containsExactly("127.0.0.1");
        assertThat(config.networkInterface()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(5701);
        assertThat(config.cpMemberCount()).isZero();
        assertThat(config.allowUnsafeCluster()).isFalse();
        assertThat(config.lockPrefix()).isEmpty();
        assertThat(UUID.fromString(config.agentId())).isNotNull();
        assertThat(config.memberId()).isEqualTo(config.agentId());
        assertThat(config.sessionTtlSeconds()).isEqualTo(30);
        assertThat(config.heartbeatSeconds()).isEqualTo(5);
        assertThat(config.hazelcastConfig()).isNull();
        assertThat(config.include()).isEmpty();
        assertThat(config.logLevel()).isEqualTo("info");
        assertThat(config.lockStripes()).isEqualTo(AgentConfig.DEFAULT_LOCK_STRIPES);
    }

    @Test
    void readsTheStripeCountAndShowsItInTheStartUpLine() {
        AgentConfig config = AgentConfig.load(properties("coordination.lock-stripes", "4096"), "");
        assertThat(config.lockStripes()).isEqualTo(4096);
        assertThat(config.toString()).endsWith(", lock-stripes=4096");
        assertThat(AgentConfig.load(new Properties(), "lock-stripes=1048576").lockStripes())
                .isEqualTo(1 << 20);
    }

    @Test
    void readsEverySettingFromSystemProperties() {
        AgentConfig config = AgentConfig.load(
                properties(
                        "coordination.mode",
                        "client",
                        "coordination.cluster-name",
                        "cinder",
                        "coordination.prefix",
                        "cinder-",
                        "coordination.agent-id",
                        "volume-1",
                        "coordination.cp-member-count",
                        "3",
                        "coordination.session-ttl",
                        "60",
                        "coordination.heartbeat",
                        "10",
                        "coordination.log-level",
                        "DEBUG",
                        "coordination.allow-unsafe-cluster",
                        "TRUE",
                        "unrelated.property",
                        "ignored"),
                null);

        assertThat(config.mode()).isEqualTo(AgentConfig.Mode.CLIENT);
        assertThat(config.clusterName()).isEqualTo("cinder");
        assertThat(config.memberId()).isEqualTo("cinder-volume-1");
        assertThat(config.cpMemberCount()).isEqualTo(3);
        assertThat(config.sessionTtlSeconds()).isEqualTo(60);
        assertThat(config.heartbeatSeconds()).isEqualTo(10);
        assertThat(config.logLevel()).isEqualTo("debug");
        assertThat(config.allowUnsafeCluster()).isTrue();
    }

    @Test
    void allowUnsafeClusterIsAnAgentArgumentAndShowsInTheStartLine() {
        AgentConfig allowed =
                AgentConfig.load(properties("coordination.allow-unsafe-cluster", "true"), "allow-unsafe-cluster=false");
        assertThat(allowed.allowUnsafeCluster()).as("the agent argument wins").isFalse();
        AgentConfig config = AgentConfig.load(new Properties(), "allow-unsafe-cluster=true");
        assertThat(config.allowUnsafeCluster()).isTrue();
        assertThat(config.toString()).contains("cp-member-count=0, allow-unsafe-cluster=true,");
    }

    @Test
    void agentArgumentsOverrideSystemProperties() {
        AgentConfig config =
                AgentConfig.load(properties("coordination.port", "70000", "coordination.mode", "client"), "port=5801");

        assertThat(config.port()).isEqualTo(5801);
        assertThat(config.mode()).isEqualTo(AgentConfig.Mode.CLIENT);
    }

    @Test
    void argumentPiecesWithoutEqualsContinueTheListBefore() {
        AgentConfig config = AgentConfig.load(
                new Properties(),
                "members=10.0.0.1:5701,10.0.0.2,[::1]:5703,port=5801," + "include=com.acme,org.example,mode=client");

        assertThat(config.members()).containsExactly("10.0.0.1:5701", "10.0.0.2", "[::1]:5703");
        assertThat(config.port()).isEqualTo(5801);
        assertThat(config.include()).containsExactly("com.acme", "org.example");
        assertThat(config.mode()).isEqualTo(AgentConfig.Mode.CLIENT);
    }

    @Test
    void argumentKeysMayCarryThePropertyPrefix() {
        assertThat(AgentConfig.load(new Properties(), "coordination.port=5801").port())
                .isEqualTo(5801);
    }

    @Test
    void acceptsAnExistingHazelcastFile(@TempDir Path directory) throws Exception {
        Path file = Files.writeString(directory.resolve("hazelcast.yaml"), "hazelcast: {}\n");

        assertThat(AgentConfig.load(new Properties(), "hazelcast-config=" + file)
                        .hazelcastConfig())
                .isEqualTo(file);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '\'',
            value = {
                "mode             | server        | unknown mode; use embedded, client or local",
                "mode             | ''            | unknown mode",
                "cluster-name     | ''            | must not be empty",
                "interface        | ' '           | must not be empty",
                "port             | 57o1          | not a whole number",
                "port             | 0             | not a port number (1-65535)",
                "port             | 65536         | not a port number (1-65535)",
                "cp-member-count  | 1             | must be 0 (no Raft, unsafe mode) or 3 or more",
                "cp-member-count  | 2             | cannot survive the loss of one",
                "cp-member-count  | -3            | must be 0",
                "cp-member-count  | three         | not a whole number",
                "allow-unsafe-cluster | yes       | must be true or false",
                "allow-unsafe-cluster | ''        | must be true or false",
                "session-ttl      | 0             | must be 1 or more (seconds)",
                "heartbeat        | -1            | must be 1 or more (seconds)",
                "session-ttl      | 5             | must be greater than default coordination.heartbeat",
                "heartbeat        | 30            | must be greater than agent argument heartbeat",
                "prefix           | cinder@group  | must not contain '@'",
                "agent-id         | host@group    | must not contain '@'",
                "agent-id         | ''            | must not be empty",
                "members          | ''            | must name at least one host[:port]",
                "members          | host:http     | \"host:http\" is not host[:port]",
                "members          | host:0        | \"host:0\" has no valid port (1-65535)",
                "hazelcast-config | hz.properties | must be a Hazelcast .xml, .yaml or .yml file",
                "hazelcast-config | /nowhere/h.xml| no readable file at /nowhere/h.xml",
                "log-level        | verbose       | unknown level; use off, error, warn, info, debug or trace",
                "lock-stripes     | 100000        | must be a power of two from 64 to 1048576",
                "lock-stripes     | 32            | must be a power of two from 64 to 1048576",
                "lock-stripes     | 2097152       | must be a power of two from 64 to 1048576",
                "lock-stripes     | many          | not a whole number",
            })
    void refusesInvalidAgentArgumentNamingKeyValueAndReason(String key, String value, String reason) {
        assertThatThrownBy(() -> AgentConfig.load(new Properties(), key + "=" + value))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("agent argument " + key + "=\"" + value + "\"")
                .hasMessageContaining(reason);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "port             | 57o1          | not a whole number",
                "cp-member-count  | 2             | must be 0 (no Raft, unsafe mode) or 3 or more",
                "allow-unsafe-cluster | 1         | must be true or false",
                "mode             | server        | unknown mode; use embedded, client or local",
                "session-ttl      | 4             | must be greater than default coordination.heartbeat",
            })
    void refusesInvalidSystemPropertyNamingPropertyValueAndReason(String key, String value, String reason) {
        assertThatThrownBy(() -> AgentConfig.load(properties("coordination." + key, value), null))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("system property coordination." + key + "=\"" + value + "\"")
                .hasMessageContaining(reason);
    }

    @Test
    void sessionTtlMessageGivesBothValuesEvenForADefault() {
        assertThatThrownBy(() -> AgentConfig.load(new Properties(), "session-ttl=5"))
                .hasMessageContaining("agent argument session-ttl=\"5\" must be greater than default"
                        + " coordination.heartbeat (5s is not more than 5s)");
    }

    @Test
    void refusesUnknownAgentArgumentListingTheKnownKeys() {
        assertThatThrownBy(() -> AgentConfig.load(new Properties(), "port=5801,colour=blue"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("agent argument colour is not a coordination setting")
                .hasMessageContaining("known: agent-id, allow-unsafe-cluster, backend, cluster-name, cp-member-count,"
                        + " hazelcast-config");
    }

    @Test
    void refusesUnknownSystemPropertyWithTheCoordinationPrefix() {
        assertThatThrownBy(() -> AgentConfig.load(properties("coordination.colour", "blue"), null))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("system property coordination.colour is not a coordination setting");
    }

    @Test
    void refusesArgumentStringNotStartingWithKeyValue() {
        assertThatThrownBy(() -> AgentConfig.load(new Properties(), "5801,mode=client"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("agent argument \"5801\" is not key=value");
    }
}
