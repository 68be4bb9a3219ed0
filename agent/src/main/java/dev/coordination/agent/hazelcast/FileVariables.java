package dev.coordination.agent.hazelcast;

import dev.coordination.agent.config.AgentConfig;
import java.util.Map;
import java.util.Properties;

/**
 * The values a {@code coordination.hazelcast-config} file can name as {@code ${...}}: the system
 * properties (Hazelcast's own source) and, over them, coordination's settings in effect as {@code
 * ${coordination.<key>}}, wherever they came from (agent argument, system property, {@code
 * COORDINATION_*} environment variable, default). So a member file in a container can bind {@code
 * ${coordination.interface}} when the pod's address arrives as {@code COORDINATION_INTERFACE}.
 * Agent jar, system class loader.
 */
final class FileVariables {

    private FileVariables() {}

    static Properties of(AgentConfig settings) {
        Properties variables = new Properties();
        variables.putAll(System.getProperties());
        Map<String, String> values = Map.of(
                AgentConfig.CLUSTER_NAME, settings.clusterName(),
                AgentConfig.MEMBERS, String.join(",", settings.members()),
                AgentConfig.INTERFACE, settings.networkInterface(),
                AgentConfig.PORT, Integer.toString(settings.port()),
                AgentConfig.CP_MEMBER_COUNT, Integer.toString(settings.cpMemberCount()),
                AgentConfig.SESSION_TTL, Integer.toString(settings.sessionTtlSeconds()),
                AgentConfig.HEARTBEAT, Integer.toString(settings.heartbeatSeconds()),
                AgentConfig.LOCK_PREFIX, settings.lockPrefix(),
                AgentConfig.AGENT_ID, settings.agentId());
        values.forEach((key, value) -> variables.setProperty(AgentConfig.PREFIX + key, value));
        return variables;
    }
}
