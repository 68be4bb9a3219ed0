package dev.coordination.agent.hazelcast;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.ClientConnectionStrategyConfig;
import com.hazelcast.client.config.ConnectionRetryConfig;
import com.hazelcast.client.config.XmlClientConfigBuilder;
import com.hazelcast.client.config.YamlClientConfigBuilder;
import dev.coordination.agent.config.AgentConfig;
import dev.coordination.agent.config.InvalidConfigurationException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Turns {@link AgentConfig} into a Hazelcast client configuration ({@code coordination.mode=client}).
 * A {@code coordination.hazelcast-config} file is then a Hazelcast <em>client</em> file
 * (hazelcast-client.xml / .yaml) that replaces the cluster name and network settings; what
 * coordination relies on (instance name, logging, reconnecting for ever) is set on top of either.
 */
final class ClientConfigs {

    static final int INITIAL_BACKOFF_MILLIS = 250;
    /** A client whose cluster came back reconnects within about this long. */
    static final int MAX_BACKOFF_MILLIS = 2000;

    static final String HEARTBEAT_INTERVAL_MILLIS = "1000";
    static final String HEARTBEAT_TIMEOUT_MILLIS = "10000";

    private ClientConfigs() {}

    static ClientConfig client(AgentConfig settings) {
        ClientConfig config = settings.hazelcastConfig() == null ? fromSettings(settings) : fromFile(settings);
        // The CP sessions of this client carry its instance name: operators see the member id
        // (cp close-sessions MEMBER-ID works on clients too).
        config.setInstanceName(settings.memberId());
        config.setClassLoader(ClientConfigs.class.getClassLoader());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        // Connect and reconnect for ever in the background (ClusterClient waits for the first
        // connection itself, so the JVM can still exit meanwhile); each lock call is bounded by its caller.
        ClientConnectionStrategyConfig strategy = config.getConnectionStrategyConfig();
        strategy.setAsyncStart(true).setReconnectMode(ClientConnectionStrategyConfig.ReconnectMode.ON);
        strategy.getConnectionRetryConfig().setClusterConnectTimeoutMillis(-1);
        // A member that stops answering (cut off, paused) is given up after 10 s instead of 60 s, so
        // the client reconnects over a new connection once it is back: one kept open across a cut
        // recovers only at its next TCP retransmission, whose interval doubles while packets are lost.
        setDefault(config, "hazelcast.client.heartbeat.interval", HEARTBEAT_INTERVAL_MILLIS);
        setDefault(config, "hazelcast.client.heartbeat.timeout", HEARTBEAT_TIMEOUT_MILLIS);
        return config;
    }

    private static void setDefault(ClientConfig config, String property, String value) {
        if (config.getProperty(property) == null && System.getProperty(property) == null) {
            config.setProperty(property, value);
        }
    }

    private static ClientConfig fromSettings(AgentConfig settings) {
        ClientConfig config = new ClientConfig();
        config.setClusterName(settings.clusterName());
        config.getNetworkConfig().setAddresses(new java.util.ArrayList<>(settings.members()));
        ConnectionRetryConfig retry = config.getConnectionStrategyConfig().getConnectionRetryConfig();
        retry.setInitialBackoffMillis(INITIAL_BACKOFF_MILLIS).setMaxBackoffMillis(MAX_BACKOFF_MILLIS);
        return config;
    }

    private static ClientConfig fromFile(AgentConfig settings) {
        Path file = settings.hazelcastConfig();
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            return name.endsWith(".xml")
                    ? new XmlClientConfigBuilder(file.toFile())
                            .setProperties(FileVariables.of(settings))
                            .build()
                    : new YamlClientConfigBuilder(file.toFile())
                            .setProperties(FileVariables.of(settings))
                            .build();
        } catch (Exception e) {
            throw new InvalidConfigurationException(AgentConfig.PREFIX + AgentConfig.HAZELCAST_CONFIG + "=\""
                    + file + "\": not a valid Hazelcast client configuration (with coordination.mode=client"
                    + " it names a hazelcast-client.xml or .yaml file): " + e.getMessage());
        }
    }
}
