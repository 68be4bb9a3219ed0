package dev.coordination.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
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
        assertThat(config.logOutput()).isEqualTo(AgentConfig.LogOutput.AUTO);
        assertThat(config.lockStripes()).isEqualTo(AgentConfig.DEFAULT_LOCK_STRIPES);
        assertThat(config.healthPort())
                .as("no health endpoint unless asked for")
                .isZero();
        assertThat(config.toString()).doesNotContain("health-port");
    }

    @Test
    void readsTheHealthPortAndShowsItInTheStartUpLine() {
        AgentConfig config = AgentConfig.load(properties("coordination.health-port", "8558"), "");
        assertThat(config.healthPort()).isEqualTo(8558);
        assertThat(config.toString()).endsWith(", health-port=8558");
        assertThat(AgentConfig.load(new Properties(), "health-port=65535").healthPort())
                .isEqualTo(65535);
    }

    @Test
    void readsTheDeadlockDetectionThresholdWithItsUnit() {
        assertThat(AgentConfig.load(new Properties(), "").deadlockDetectionMillis())
                .isEqualTo(DeadlockDetection.DEFAULT_MILLIS);
        assertThat(AgentConfig.load(new Properties(), "deadlock-detection=1s").deadlockDetectionMillis())
                .isEqualTo(1000);
        AgentConfig quick = AgentConfig.load(properties("coordination.deadlock-detection", "250ms"), "");
        assertThat(quick.deadlockDetectionMillis()).isEqualTo(250);
        assertThat(quick.toString()).contains(", deadlock-detection=250ms, ");
        assertThat(AgentConfig.load(new Properties(), "deadlock-detection=OFF").deadlockDetectionMillis())
                .isEqualTo(DeadlockDetection.OFF);
    }

    @Test
    void refusesADeadlockDetectionThresholdWithoutUnitOrOutOfRange() {
        assertThatThrownBy(() -> AgentConfig.load(new Properties(), "deadlock-detection=5"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("agent argument deadlock-detection=\"5\": not a duration; use off, or milliseconds or"
                        + " seconds with their unit (500ms, 1s)");
        assertThatThrownBy(() -> AgentConfig.load(new Properties(), "deadlock-detection=50ms"))
                .hasMessageContaining("out of range: a wait is checked after 100ms to 60s, or off");
        assertThatThrownBy(() -> AgentConfig.load(new Properties(), "deadlock-detection=1.5s"))
                .hasMessageContaining("not a whole number of seconds");
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
    void readsTheLogOutputFromEitherSourceAndShowsItInTheStartUpLine() {
        assertThat(AgentConfig.load(properties("coordination.log-output", "SLF4J"), null)
                        .logOutput())
                .isEqualTo(AgentConfig.LogOutput.SLF4J);
        AgentConfig config = AgentConfig.load(properties("coordination.log-output", "slf4j"), "log-output=stderr");
        assertThat(config.logOutput()).as("the agent argument wins").isEqualTo(AgentConfig.LogOutput.STDERR);
        assertThat(config.toString()).contains(", log-level=info, log-output=stderr, lock-stripes=");
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
    void readsSettingsFromCoordinationEnvironmentVariables() {
        Map<String, String> environment = Map.of(
                "COORDINATION_MODE", "client",
                "COORDINATION_CP_MEMBER_COUNT", "3",
                "COORDINATION_MEMBERS", "coordination-members.locks.svc.cluster.local:5701,10.0.0.9",
                "COORDINATION_ALLOW_UNSAFE_CLUSTER", "true",
                "COORDINATION_LOCK_STRIPES", "4096",
                "COORDINATION_LOG_LEVEL", "debug",
                "PATH", "/usr/bin",
                "coordination_mode", "lower case is not ours");

        AgentConfig config = AgentConfig.load(new Properties(), environment, null);

        assertThat(config.mode()).isEqualTo(AgentConfig.Mode.CLIENT);
        assertThat(config.cpMemberCount()).isEqualTo(3);
        assertThat(config.members()).containsExactly("coordination-members.locks.svc.cluster.local:5701", "10.0.0.9");
        assertThat(config.allowUnsafeCluster()).isTrue();
        assertThat(config.lockStripes()).isEqualTo(4096);
        assertThat(config.logLevel()).isEqualTo("debug");
    }

    @Test
    void agentArgumentsWinOverPropertiesWhichWinOverTheEnvironment() {
        Map<String, String> environment = Map.of(
                "COORDINATION_PORT", "5901", "COORDINATION_CLUSTER_NAME", "from-env", "COORDINATION_PREFIX", "env-");

        AgentConfig config = AgentConfig.load(
                properties("coordination.port", "5801", "coordination.cluster-name", "from-property"),
                environment,
                "port=5701");

        assertThat(config.port()).isEqualTo(5701);
        assertThat(config.clusterName()).isEqualTo("from-property");
        assertThat(config.lockPrefix()).isEqualTo("env-");
        assertThat(config.networkInterface()).as("default").isEqualTo("127.0.0.1");
    }

    @Test
    void everyKeyHasItsOwnVariableUpperCasedWithUnderscores() {
        assertThat(EnvironmentSettings.variable("cp-member-count")).isEqualTo("COORDINATION_CP_MEMBER_COUNT");
        assertThat(EnvironmentSettings.variable("zookeeper.connect-string"))
                .isEqualTo("COORDINATION_ZOOKEEPER_CONNECT_STRING");
        assertThat(AgentConfig.KEYS.stream().map(EnvironmentSettings::variable).distinct())
                .as("no two keys share a variable")
                .hasSameSizeAs(AgentConfig.KEYS)
                .allMatch(name -> name.matches("COORDINATION_[A-Z0-9_]+"));
    }

    @Test
    void keysAddedLaterGetTheirVariableWithoutMoreCode() {
        Map<String, String> settings = EnvironmentSettings.settings(
                Map.of("COORDINATION_ZOOKEEPER_CONNECT_STRING", "zk:2181", "COORDINATION_HEALTH_PORT", "8080"),
                Set.of("zookeeper.connect-string", "health-port"));

        assertThat(settings).containsOnly(entry("zookeeper.connect-string", "zk:2181"), entry("health-port", "8080"));
    }

    @Test
    void refusesUnknownCoordinationVariableListingTheKnownOnes() {
        assertThatThrownBy(() -> AgentConfig.load(new Properties(), Map.of("COORDINATION_CP_MEMBERS", "3"), null))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("environment variable COORDINATION_CP_MEMBERS is not a coordination setting"
                        + " (known: COORDINATION_AGENT_ID, COORDINATION_ALLOW_UNSAFE_CLUSTER,")
                .hasMessageNotContaining("Kubernetes");
    }

    @Test
    void refusesInvalidVariableNamingVariableValueAndReason() {
        assertThatThrownBy(() -> AgentConfig.load(new Properties(), Map.of("COORDINATION_CP_MEMBER_COUNT", "2"), null))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("environment variable COORDINATION_CP_MEMBER_COUNT=\"2\": must be 0 (no Raft, unsafe mode)"
                        + " or 3 or more (a Raft group of 1 or 2 members cannot survive the loss of one)");
        assertThatThrownBy(() -> AgentConfig.load(new Properties(), Map.of("COORDINATION_SESSION_TTL", "5"), null))
                .hasMessageContaining("environment variable COORDINATION_SESSION_TTL=\"5\" must be greater than"
                        + " default coordination.heartbeat");
    }

    @Test
    void aBadVariableOverriddenByAnArgumentIsNotRead() {
        assertThat(AgentConfig.load(new Properties(), Map.of("COORDINATION_PORT", "x"), "port=5801")
                        .port())
                .isEqualTo(5801);
    }

    @Test
    void namesKubernetesServiceLinksWhenTheyLookLikeSettings() {
        assertThatThrownBy(() ->
                        AgentConfig.load(new Properties(), Map.of("COORDINATION_PORT", "tcp://10.96.0.12:5701"), null))
                .hasMessageContaining("environment variable COORDINATION_PORT=\"tcp://10.96.0.12:5701\": not a whole"
                        + " number; it looks like a variable Kubernetes adds for a Service")
                .hasMessageContaining("enableServiceLinks: false");
        assertThatThrownBy(() ->
                        AgentConfig.load(new Properties(), Map.of("COORDINATION_SERVICE_HOST", "10.96.0.12"), null))
                .hasMessageContaining("COORDINATION_SERVICE_HOST is not a coordination setting")
                .hasMessageContaining("enableServiceLinks: false");
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
                "log-output       | logback       | unknown output; use auto, slf4j or stderr",
                "log-output       | ''            | unknown output; use auto, slf4j or stderr",
                "lock-stripes     | 100000        | must be a power of two from 64 to 1048576",
                "lock-stripes     | 32            | must be a power of two from 64 to 1048576",
                "lock-stripes     | 2097152       | must be a power of two from 64 to 1048576",
                "lock-stripes     | many          | not a whole number",
                "health-port      | http          | not a whole number",
                "health-port      | ''            | not a whole number",
                "health-port      | 0             | not a port number (1-65535)",
                "health-port      | 65536         | not a port number (1-65535)",
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
                "health-port      | -1            | not a port number (1-65535)",
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
                        + " deadlock-detection, hazelcast-config");
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
