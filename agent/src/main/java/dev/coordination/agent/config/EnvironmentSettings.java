package dev.coordination.agent.config;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Settings given as environment variables, as containers and Spring Boot deployments give them:
 * {@code COORDINATION_} followed by the key upper-cased, with {@code -} and {@code .} as {@code _}
 * ({@code cp-member-count} is {@code COORDINATION_CP_MEMBER_COUNT}). The mapping is worked out from
 * {@link AgentConfig}'s keys, so every key has its variable without more code. A {@code
 * COORDINATION_*} variable that names no key stops the agent, as an unknown {@code coordination.*}
 * system property does: a misspelt variable must not leave a setting silently at its default.
 * Agent jar, system class loader.
 */
final class EnvironmentSettings {

    static final String VARIABLE_PREFIX = "COORDINATION_";

    /**
     * The shapes of the variables Kubernetes adds for a Service named {@code coordination...} in
     * the pod's namespace ("service links": {@code COORDINATION_SERVICE_HOST}, {@code
     * COORDINATION_PORT=tcp://10.0.0.1:5701}, {@code COORDINATION_PORT_5701_TCP_ADDR}, ...).
     */
    private static final Pattern SERVICE_LINK =
            Pattern.compile("(_SERVICE_HOST|_SERVICE_PORT(_.*)?|_PORT_\\d+_(TCP|UDP|SCTP)(_.*)?)$");

    private static final Pattern SERVICE_LINK_VALUE = Pattern.compile("^(tcp|udp|sctp)://.*");

    private EnvironmentSettings() {}

    /** The variable that sets {@code key}: {@code cp-member-count} gives {@code COORDINATION_CP_MEMBER_COUNT}. */
    static String variable(String key) {
        return VARIABLE_PREFIX + key.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }

    /**
     * The settings among {@code environment}, by key.
     *
     * @throws InvalidConfigurationException for a {@code COORDINATION_*} variable that names no key
     */
    static Map<String, String> settings(Map<String, String> environment, Collection<String> keys) {
        Map<String, String> keysByVariable = new TreeMap<>();
        for (String key : keys) {
            keysByVariable.put(variable(key), key);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : new TreeMap<>(environment).entrySet()) {
            String name = e.getKey();
            if (!name.startsWith(VARIABLE_PREFIX)) {
                continue;
            }
            String key = keysByVariable.get(name);
            if (key == null) {
                throw new InvalidConfigurationException("environment variable " + name
                        + " is not a coordination setting (known: " + String.join(", ", keysByVariable.keySet()) + ")"
                        + serviceLinkHint(name, e.getValue()));
            }
            settings.put(key, e.getValue());
        }
        return settings;
    }

    /**
     * Why a variable may not be a setting at all: empty, or a hint that it is a Kubernetes service
     * link ({@code COORDINATION_PORT=tcp://10.0.0.1:5701} for a Service named {@code coordination}).
     */
    static String serviceLinkHint(String name, String value) {
        if (!SERVICE_LINK.matcher(name).find()
                && !SERVICE_LINK_VALUE.matcher(value.trim()).matches()) {
            return "";
        }
        return "; it looks like a variable Kubernetes adds for a Service whose name starts with \"coordination\""
                + " (set enableServiceLinks: false in the pod spec, or rename the Service)";
    }
}
