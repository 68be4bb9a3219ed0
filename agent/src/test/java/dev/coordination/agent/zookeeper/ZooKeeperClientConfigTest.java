package dev.coordination.agent.zookeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.function.Function;
import org.apache.zookeeper.ClientCnxnSocketNetty;
import org.apache.zookeeper.client.ZKClientConfig;
import org.junit.jupiter.api.Test;

/**
 * SASL is tried only where a login is configured: otherwise ZooKeeper's client looks every server up
 * in reverse DNS before each connection attempt (5 s each where the resolver does not answer).
 */
class ZooKeeperClientConfigTest {

    private static final Function<String, String> NO_SYSTEM_PROPERTIES = key -> null;
    private static final Function<String, Boolean> NO_JAAS_ENTRY = section -> false;

    @Test
    void withoutAnyLoginSaslIsOff() {
        ZKClientConfig config = ZooKeeperClientConfig.of(Map.of(), NO_SYSTEM_PROPERTIES, NO_JAAS_ENTRY);

        assertFalse(config.isSaslClientEnabled(), "no JAAS file, entry or SASL setting: SASL must be off");
    }

    @Test
    void saslSettingOfTheAgentIsKept() {
        assertTrue(
                ZooKeeperClientConfig.of(Map.of("zookeeper.sasl.client", "true"), NO_SYSTEM_PROPERTIES, NO_JAAS_ENTRY)
                        .isSaslClientEnabled());
        assertFalse(
                ZooKeeperClientConfig.of(Map.of("zookeeper.sasl.client", "false"), NO_SYSTEM_PROPERTIES, NO_JAAS_ENTRY)
                        .isSaslClientEnabled());
    }

    @Test
    void aJaasFileANamedSectionOrAnEntryKeepsZooKeepersDefault() {
        Map<String, String> jaasFile = Map.of("java.security.auth.login.config", "/etc/app/jaas.conf");
        assertTrue(
                ZooKeeperClientConfig.of(Map.of(), jaasFile::get, NO_JAAS_ENTRY).isSaslClientEnabled());
        assertTrue(ZooKeeperClientConfig.of(
                        Map.of("zookeeper.sasl.clientconfig", "CoordinationZk"), NO_SYSTEM_PROPERTIES, NO_JAAS_ENTRY)
                .isSaslClientEnabled());
        assertTrue(ZooKeeperClientConfig.of(Map.of(), NO_SYSTEM_PROPERTIES, "Client"::equals)
                .isSaslClientEnabled());
    }

    @Test
    void saslSystemPropertyCounts() {
        Map<String, String> system = Map.of("zookeeper.sasl.client", "true");

        assertTrue(ZooKeeperClientConfig.saslConfigured(Map.of(), system::get, NO_JAAS_ENTRY));
    }

    @Test
    void socketNamesTheRelocatedClass() {
        ZKClientConfig config = ZooKeeperClientConfig.of(
                Map.of(ZKClientConfig.ZOOKEEPER_CLIENT_CNXN_SOCKET, "netty"), NO_SYSTEM_PROPERTIES, NO_JAAS_ENTRY);

        assertEquals(
                ClientCnxnSocketNetty.class.getName(), config.getProperty(ZKClientConfig.ZOOKEEPER_CLIENT_CNXN_SOCKET));
    }
}
