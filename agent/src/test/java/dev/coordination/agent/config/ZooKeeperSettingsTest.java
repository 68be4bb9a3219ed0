package dev.coordination.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ZooKeeperSettingsTest {

    private static AgentConfig load(String arguments) {
        return AgentConfig.load(new Properties(), arguments);
    }

    @Test
    void hazelcastStaysTheDefaultBackendWithNoZooKeeperSettings() {
        AgentConfig config = load(null);
        assertThat(config.backend()).isEqualTo(AgentConfig.Backend.HAZELCAST);
        assertThat(config.zooKeeper()).isNull();
        assertThat(config.toString()).doesNotContain("zookeeper");
    }

    @Test
    void zooKeeperDefaultsToClientModeOnLocalhostUnderTheCoordinationNode() {
        AgentConfig config = load("backend=zookeeper");
        assertThat(config.backend()).isEqualTo(AgentConfig.Backend.ZOOKEEPER);
        assertThat(config.mode()).isEqualTo(AgentConfig.Mode.CLIENT);
        assertThat(config.zooKeeper().connect()).isEqualTo("127.0.0.1:2181");
        assertThat(config.zooKeeper().namespace()).isEqualTo("coordination");
        assertThat(config.zooKeeper().clientProperties()).isEmpty();
        assertThat(config.toString())
                .endsWith(", backend=zookeeper, zookeeper.connect=127.0.0.1:2181, zookeeper.namespace=coordination");
    }

    @Test
    void zooKeeperSettingsComeFromEnvironmentVariablesToo() {
        Map<String, String> environment = Map.of(
                "COORDINATION_BACKEND", "zookeeper",
                "COORDINATION_ZOOKEEPER_CONNECT", "zk-0.zk:2181,zk-1.zk:2181",
                "COORDINATION_ZOOKEEPER_NAMESPACE", "team/locks",
                "COORDINATION_ZOOKEEPER_CLIENT_SECURE", "true");
        AgentConfig config = AgentConfig.load(new Properties(), environment, null);
        assertThat(config.zooKeeper().connect()).isEqualTo("zk-0.zk:2181,zk-1.zk:2181");
        assertThat(config.zooKeeper().namespace()).isEqualTo("team/locks");
        assertThat(config.zooKeeper().clientProperties()).containsEntry("zookeeper.client.secure", "true");
    }

    @Test
    void localModeStaysLocalWithZooKeeper() {
        assertThat(load("backend=zookeeper,mode=local").mode()).isEqualTo(AgentConfig.Mode.LOCAL);
    }

    @Test
    void embeddedModeIsRefusedWithZooKeeperNamingBothKeys() {
        assertThatThrownBy(() -> load("backend=zookeeper,mode=embedded"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("agent argument mode=\"embedded\": the ZooKeeper backend has no embedded mode")
                .hasMessageContaining("coordination.zookeeper.connect")
                .hasMessageContaining("use client");
    }

    @Test
    void readsConnectStringWithChrootAndNamespaceFromSystemProperties() {
        Properties properties = new Properties();
        properties.setProperty("coordination.backend", "zookeeper");
        properties.setProperty("coordination.zookeeper.connect", "zk1:2181,zk2:2182,[::1]:2183/apps");
        properties.setProperty("coordination.zookeeper.namespace", "team/locks");
        AgentConfig config = AgentConfig.load(properties, null);
        assertThat(config.zooKeeper().connect()).isEqualTo("zk1:2181,zk2:2182,[::1]:2183/apps");
        assertThat(config.zooKeeper().namespace()).isEqualTo("team/locks");
    }

    @Test
    void passesZooKeepersClientPropertiesThroughByTheirOwnNamesAndHidesPasswords(@TempDir Path dir) throws Exception {
        Path trustStore = Files.writeString(dir.resolve("trust.p12"), "x");
        AgentConfig config = load("backend=zookeeper,zookeeper.client.secure=TRUE,zookeeper.ssl.trustStore.location="
                + trustStore + ",zookeeper.ssl.trustStore.password=secret,zookeeper.sasl.clientconfig=ZkClient"
                + ",zookeeper.jute.maxbuffer=4194304");
        assertThat(config.zooKeeper().clientProperties())
                .containsEntry("zookeeper.client.secure", "true")
                .containsEntry("zookeeper.ssl.trustStore.location", trustStore.toString())
                .containsEntry("zookeeper.ssl.trustStore.password", "secret")
                .containsEntry("zookeeper.sasl.clientconfig", "ZkClient")
                .containsEntry("jute.maxbuffer", "4194304")
                .as("TLS needs ZooKeeper's Netty socket")
                .containsEntry("zookeeper.clientCnxnSocket", "netty");
        assertThat(config.toString())
                .contains("zookeeper.ssl.trustStore.password=****")
                .contains("zookeeper.jute.maxbuffer=4194304")
                .doesNotContain("secret");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "backend=etcd|agent argument backend=\"etcd\": unknown backend; use hazelcast or zookeeper",
                "backend=zookeeper,zookeeper.connect=|agent argument zookeeper.connect=\"\": must name at least one"
                        + " host:port",
                "backend=zookeeper,zookeeper.connect=zk1|agent argument zookeeper.connect=\"zk1\": \"zk1\" is not"
                        + " host:port",
                "backend=zookeeper,zookeeper.connect=zk1:99999|agent argument zookeeper.connect=\"zk1:99999\":"
                        + " \"zk1:99999\" has no valid port",
                "backend=zookeeper,zookeeper.connect=zk1:2181/|agent argument zookeeper.connect=\"zk1:2181/\": the"
                        + " chroot \"/\" must be a path",
                "backend=zookeeper,zookeeper.namespace=/locks|agent argument zookeeper.namespace=\"/locks\": must be"
                        + " one or more path elements",
                "backend=zookeeper,zookeeper.client.secure=yes|agent argument zookeeper.client.secure=\"yes\": must be"
                        + " true or false",
                "backend=zookeeper,zookeeper.request.timeout=-1|agent argument zookeeper.request.timeout=\"-1\": must"
                        + " be a whole number",
                "backend=zookeeper,zookeeper.clientCnxnSocket=epoll|agent argument zookeeper.clientCnxnSocket=\"epoll\":"
                        + " must be netty or nio",
                "backend=zookeeper,zookeeper.ssl.keyStore.location=/no/such.p12|agent argument"
                        + " zookeeper.ssl.keyStore.location=\"/no/such.p12\": no readable file",
                "backend=zookeeper,zookeeper.ssl.keystore.location=/x|agent argument zookeeper.ssl.keystore.location is"
                        + " not a setting of the ZooKeeper backend (known: zookeeper.client.secure,",
                "zookeeper.connect=zk1:2181|agent argument zookeeper.connect=\"zk1:2181\" is a setting of the ZooKeeper"
                        + " backend, but default coordination.backend is not zookeeper",
            })
    void refusesABadValueWithOneLineNamingIt(String arguments, String message) {
        assertThatThrownBy(() -> load(arguments))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith(message)
                .hasMessageNotContaining("\n");
    }

    @ParameterizedTest(name = "backend=zookeeper{0}")
    @CsvSource(
            delimiter = '|',
            value = {",session-ttl=5|5", ",session-ttl=1,heartbeat=10|1", ",session-ttl=40,heartbeat=40|40", "''|30"})
    void sessionTtlIsTheZooKeeperSessionTimeoutAndIsNeverComparedWithTheHeartbeat(String arguments, int seconds) {
        AgentConfig config = load("backend=zookeeper" + arguments);
        assertThat(config.sessionTtlSeconds()).isEqualTo(seconds);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "session-ttl=0|agent argument session-ttl=\"0\": must be a whole number of seconds from 1 to 2147483"
                        + " (with coordination.backend=zookeeper it is the ZooKeeper session timeout, which the server"
                        + " then keeps between 2 and 20 of its ticks: 4 s to 40 s with ZooKeeper's default"
                        + " tickTime=2000)",
                "session-ttl=2.5|agent argument session-ttl=\"2.5\": must be a whole number of seconds from 1 to",
                "session-ttl=2147484|agent argument session-ttl=\"2147484\": must be a whole number of seconds",
                "session-ttl=-4|agent argument session-ttl=\"-4\": must be a whole number of seconds",
                "heartbeat=0|agent argument heartbeat=\"0\": must be 1 or more (seconds)",
            })
    void refusesASessionTimeoutZooKeeperCannotTakeWithOneLineNamingIt(String arguments, String message) {
        assertThatThrownBy(() -> load("backend=zookeeper," + arguments))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith(message)
                .hasMessageNotContaining("\n");
    }

    @Test
    void hazelcastStillWantsTheSessionTtlAboveTheHeartbeat() {
        assertThatThrownBy(() -> load("session-ttl=5"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("agent argument session-ttl=\"5\" must be greater than default coordination.heartbeat"
                        + " (5s is not more than 5s): a session must outlive at least one missed heartbeat (Hazelcast"
                        + " refuses to start otherwise)");
    }

    @Test
    void acceptsZooKeepersOwnSocketClassNames() {
        assertThat(load("backend=zookeeper,zookeeper.clientCnxnSocket=org.apache.zookeeper.ClientCnxnSocketNIO")
                        .zooKeeper()
                        .clientProperties())
                .containsEntry("zookeeper.clientCnxnSocket", "nio");
    }
}
