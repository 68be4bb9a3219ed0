package dev.coordination.samples.boot;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import java.util.Arrays;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The application's own Hazelcast 5.7 cluster, apart from the agent's: its own cluster name and
 * port on 127.0.0.1. It starts from {@link Config#loadDefault()} (the {@code hazelcast-default.xml}
 * that Hazelcast finds on the class path, which must be the application's 5.7 copy, not one the
 * agent jar carries), and Spring Boot's Hazelcast auto-configuration makes the instance from it.
 */
@Configuration(proxyBeanMethods = false)
class AppHazelcastConfiguration {

    @Bean
    Config hazelcastConfig(
            @Value("${sample.hazelcast.cluster-name}") String clusterName,
            @Value("${sample.hazelcast.port}") int port,
            @Value("${sample.hazelcast.members}") String members) {
        Config config = Config.loadDefault();
        config.setClusterName(clusterName);
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.socket.bind.any", "false");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(Arrays.asList(members.split(",")));
        return config;
    }
}
