package dev.coordination.agent.zookeeper;

import java.util.Map;
import java.util.function.Function;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import org.apache.zookeeper.ClientCnxnSocketNIO;
import org.apache.zookeeper.ClientCnxnSocketNetty;
import org.apache.zookeeper.client.ZKClientConfig;

/**
 * The agent's own {@link ZKClientConfig}: ZooKeeper's client properties by their own names, the
 * socket class by its relocated name, and SASL only where a login is configured.
 *
 * <p>ZooKeeper's client tries SASL by default, and before every connection attempt it looks the
 * server's address up in reverse DNS to name the server's principal, even when no JAAS login is
 * configured and it then connects without authenticating. Where reverse lookups are slow (a
 * resolver that does not answer, as in a container or network namespace without one) every attempt
 * waits for the resolver's timeout, 5 s with glibc's defaults, so a client whose session was lost
 * takes one or two session timeouts to connect again. The agent therefore turns SASL off unless it
 * could be used: {@code zookeeper.sasl.client} set (as a client property or a system property), a
 * JAAS file named ({@code java.security.auth.login.config}), a login section named ({@code
 * zookeeper.sasl.clientconfig}), or a JAAS entry for ZooKeeper's default section {@code Client}.
 * Agent jar, system class loader.
 */
final class ZooKeeperClientConfig {

    static final String SASL_CLIENT = ZKClientConfig.ENABLE_CLIENT_SASL_KEY;
    static final String SASL_SECTION = ZKClientConfig.LOGIN_CONTEXT_NAME_KEY;
    static final String JAAS_FILE = "java.security.auth.login.config";

    private ZooKeeperClientConfig() {}

    static ZKClientConfig of(Map<String, String> properties) {
        return of(properties, System::getProperty, ZooKeeperClientConfig::jaasEntryFor);
    }

    /**
     * @param systemProperties reads a system property, {@code null} when unset
     * @param jaasEntry whether the JVM's JAAS configuration has an entry for a section
     */
    static ZKClientConfig of(
            Map<String, String> properties,
            Function<String, String> systemProperties,
            Function<String, Boolean> jaasEntry) {
        ZKClientConfig config = new ZKClientConfig();
        for (Map.Entry<String, String> e : properties.entrySet()) {
            String value = e.getValue();
            if (e.getKey().equals(ZKClientConfig.ZOOKEEPER_CLIENT_CNXN_SOCKET)) {
                value = value.equals("netty")
                        ? ClientCnxnSocketNetty.class.getName()
                        : ClientCnxnSocketNIO.class.getName();
            }
            config.setProperty(e.getKey(), value);
        }
        if (!saslConfigured(properties, systemProperties, jaasEntry)) {
            config.setProperty(SASL_CLIENT, "false");
        }
        return config;
    }

    static boolean saslConfigured(
            Map<String, String> properties,
            Function<String, String> systemProperties,
            Function<String, Boolean> jaasEntry) {
        return properties.containsKey(SASL_CLIENT)
                || properties.containsKey(SASL_SECTION)
                || systemProperties.apply(SASL_CLIENT) != null
                || systemProperties.apply(SASL_SECTION) != null
                || systemProperties.apply(JAAS_FILE) != null
                || jaasEntry.apply(ZKClientConfig.LOGIN_CONTEXT_NAME_KEY_DEFAULT);
    }

    /** What ZooKeeper's SASL client itself asks the JVM's JAAS configuration. */
    private static boolean jaasEntryFor(String section) {
        try {
            AppConfigurationEntry[] entries = Configuration.getConfiguration().getAppConfigurationEntry(section);
            return entries != null && entries.length > 0;
        } catch (SecurityException | IllegalArgumentException noConfiguration) {
            return false;
        }
    }
}
