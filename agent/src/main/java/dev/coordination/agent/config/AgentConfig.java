package dev.coordination.agent.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

/**
 * Every setting of the agent, read once at start from agent arguments ({@code
 * -javaagent:coordination-agent.jar=key=value,key=value}, the keys without {@code coordination.}),
 * system properties ({@code coordination.*}) and environment variables ({@code COORDINATION_*},
 * see {@link EnvironmentSettings}), in that order of precedence, and validated before the
 * application runs. Lives in the agent jar, loaded by the system class loader.
 */
public final class AgentConfig {

    public static final String PREFIX = "coordination.";
    public static final String MODE = "mode";
    public static final String CLUSTER_NAME = "cluster-name";
    public static final String MEMBERS = "members";
    public static final String INTERFACE = "interface";
    public static final String PORT = "port";
    public static final String CP_MEMBER_COUNT = "cp-member-count";
    public static final String ALLOW_UNSAFE_CLUSTER = "allow-unsafe-cluster";
    public static final String LOCK_PREFIX = "prefix";
    public static final String AGENT_ID = "agent-id";
    public static final String SESSION_TTL = "session-ttl";
    public static final String HEARTBEAT = "heartbeat";
    public static final String HAZELCAST_CONFIG = "hazelcast-config";
    public static final String INCLUDE = "include";
    public static final String LOG_LEVEL = "log-level";
    public static final String LOG_OUTPUT = "log-output";
    public static final String LOCK_STRIPES = "lock-stripes";
    public static final String HEALTH_PORT = "health-port";
    public static final String BACKEND = "backend";
    public static final String DEADLOCK_DETECTION = "deadlock-detection";

    /** The stripe count when none is set. */
    public static final int DEFAULT_LOCK_STRIPES = 131_072;
    /** Fewest and most stripes: powers of two, so a name's stripe is a mask of its hash. */
    static final int MIN_LOCK_STRIPES = 64;

    static final int MAX_LOCK_STRIPES = 1 << 20;

    static final Set<String> KEYS = Set.of(
            MODE,
            CLUSTER_NAME,
            MEMBERS,
            INTERFACE,
            PORT,
            CP_MEMBER_COUNT,
            ALLOW_UNSAFE_CLUSTER,
            LOCK_PREFIX,
            AGENT_ID,
            SESSION_TTL,
            HEARTBEAT,
            HAZELCAST_CONFIG,
            INCLUDE,
            LOG_LEVEL,
            LOG_OUTPUT,
            LOCK_STRIPES,
            HEALTH_PORT,
            BACKEND,
            DEADLOCK_DETECTION);

    /** Where the agent's log lines go (docs/logging.md). */
    public enum LogOutput {
        /** The application's SLF4J when its class path has one, standard error otherwise. */
        AUTO,
        /** The application's SLF4J, waited for as long as it takes. */
        SLF4J,
        /** Standard error, in the agent's own format. */
        STDERR
    }

    /** Where the locks live. */
    public enum Backend {
        /** Hazelcast CP {@code FencedLock}s (embedded member or client). */
        HAZELCAST,
        /** A ZooKeeper ensemble, through Apache Curator ({@code coordination.zookeeper.*}). */
        ZOOKEEPER
    }

    /** Where an embedded JVM gets its lock service from. */
    public enum Mode {
        EMBEDDED,
        CLIENT,
        /** Locks held inside this JVM only, no backend started: for tests and single-JVM programs. */
        LOCAL
    }

    private final Mode mode;
    private final String clusterName;
    private final List<String> members;
    private final String networkInterface;
    private final int port;
    private final int cpMemberCount;
    private final boolean allowUnsafeCluster;
    private final String lockPrefix;
    private final String agentId;
    private final int sessionTtlSeconds;
    private final int heartbeatSeconds;
    private final Path hazelcastConfig;
    private final List<String> include;
    private final String logLevel;
    private final LogOutput logOutput;
    private final int lockStripes;
    private final int healthPort;
    private final long deadlockDetectionMillis;
    private final Backend backend;
    private final ZooKeeperSettings zooKeeper;

    private AgentConfig(Values values) {
        backend = values.backend();
        mode = values.mode(backend);
        zooKeeper = values.zooKeeper(backend);
        clusterName = values.nonEmpty(CLUSTER_NAME, "coordination");
        members = values.members();
        networkInterface = values.nonEmpty(INTERFACE, "127.0.0.1");
        port = values.port(PORT, 5701);
        cpMemberCount = values.cpMemberCount();
        allowUnsafeCluster = values.bool(ALLOW_UNSAFE_CLUSTER, false);
        lockPrefix = values.noAt(LOCK_PREFIX, "");
        agentId = values.agentId();
        sessionTtlSeconds =
                backend == Backend.ZOOKEEPER ? values.zooKeeperSessionTimeout() : values.positiveInt(SESSION_TTL, 30);
        heartbeatSeconds = values.positiveInt(HEARTBEAT, 5);
        // Hazelcast's rule; ZooKeeper has no heartbeat setting (its client pings by itself).
        if (backend == Backend.HAZELCAST && sessionTtlSeconds <= heartbeatSeconds) {
            throw new InvalidConfigurationException(values.describe(SESSION_TTL) + " must be greater than "
                    + values.describe(HEARTBEAT) + " (" + sessionTtlSeconds + "s is not more than "
                    + heartbeatSeconds + "s): a session must outlive at least one missed heartbeat"
                    + " (Hazelcast refuses to start otherwise)");
        }
        hazelcastConfig = values.hazelcastConfig();
        include = values.list(INCLUDE);
        logLevel = values.logLevel();
        logOutput = values.logOutput();
        lockStripes = values.lockStripes();
        healthPort = values.port(HEALTH_PORT, 0);
        deadlockDetectionMillis = values.deadlockDetection();
    }

    /**
     * Reads the system properties and the agent argument string (may be {@code null}), ignoring the
     * environment (tests, and callers that pass it themselves).
     */
    public static AgentConfig load(Properties systemProperties, String agentArguments) {
        return load(systemProperties, Map.of(), agentArguments);
    }

    /**
     * Reads the agent argument string (may be {@code null}), the system properties and the
     * environment variables, the first of them that sets a key winning.
     */
    public static AgentConfig load(
            Properties systemProperties, Map<String, String> environment, String agentArguments) {
        return new AgentConfig(new Values(environment, systemProperties, parseArguments(agentArguments)));
    }

    /** The settings of this process: its system properties and environment, no agent arguments. */
    public static AgentConfig fromSystemProperties() {
        return load(System.getProperties(), System.getenv(), null);
    }

    /**
     * Splits {@code key=value,key=value}. A piece without {@code =} continues the previous value, so
     * lists need no escaping: {@code members=10.0.0.1,10.0.0.2,port=5801}.
     */
    static Map<String, String> parseArguments(String arguments) {
        Map<String, String> parsed = new LinkedHashMap<>();
        if (arguments == null || arguments.isBlank()) {
            return parsed;
        }
        String lastKey = null;
        for (String piece : arguments.split(",", -1)) {
            if (piece.isBlank()) {
                continue;
            }
            int eq = piece.indexOf('=');
            if (eq < 0) {
                if (lastKey == null) {
                    throw new InvalidConfigurationException("agent argument \"" + piece.trim()
                            + "\" is not key=value (expected e.g. -javaagent:coordination-agent.jar=port=5801)");
                }
                parsed.put(lastKey, parsed.get(lastKey) + "," + piece);
                continue;
            }
            String key = piece.substring(0, eq).trim();
            if (key.startsWith(PREFIX)) {
                key = key.substring(PREFIX.length());
            }
            parsed.put(key, piece.substring(eq + 1));
            lastKey = key;
        }
        return parsed;
    }

    public Mode mode() {
        return mode;
    }

    public String clusterName() {
        return clusterName;
    }

    public List<String> members() {
        return members;
    }

    public String networkInterface() {
        return networkInterface;
    }

    public int port() {
        return port;
    }

    public int cpMemberCount() {
        return cpMemberCount;
    }
    /**
     * Whether locks are served in Hazelcast's CP unsafe mode ({@code cp-member-count=0}) while the
     * cluster has two or more data members; without it they are refused then.
     */
    public boolean allowUnsafeCluster() {
        return allowUnsafeCluster;
    }

    public String lockPrefix() {
        return lockPrefix;
    }

    public String agentId() {
        return agentId;
    }
    /** The seed's member id: prefix + agent id. */
    public String memberId() {
        return lockPrefix + agentId;
    }

    public int sessionTtlSeconds() {
        return sessionTtlSeconds;
    }

    public int heartbeatSeconds() {
        return heartbeatSeconds;
    }
    /** A Hazelcast XML/YAML file replacing the network and CP settings, or {@code null}. */
    public Path hazelcastConfig() {
        return hazelcastConfig;
    }
    /** Package prefixes to instrument; empty means every package. */
    public List<String> include() {
        return include;
    }

    public String logLevel() {
        return logLevel;
    }

    public LogOutput logOutput() {
        return logOutput;
    }

    /**
     * How many CP locks the names share: a power of two, the same in every JVM of a cluster (each
     * checks it against the cluster's at start).
     */
    public int lockStripes() {
        return lockStripes;
    }

    /**
     * The port on {@link #networkInterface()} where {@code java -jar coordination-agent.jar member}
     * answers HTTP health probes; {@code 0} when not set (no endpoint).
     */
    public int healthPort() {
        return healthPort;
    }

    /** Where the locks live: {@code coordination.backend}. */
    public Backend backend() {
        return backend;
    }

    private String deadlockDetectionText() {
        if (deadlockDetectionMillis == DeadlockDetection.DEFAULT_MILLIS) {
            return "";
        }
        return ", deadlock-detection="
                + (deadlockDetectionMillis == DeadlockDetection.OFF ? "off" : deadlockDetectionMillis + "ms");
    }

    /** How long a wait lasts before it is checked for a deadlock, or {@link DeadlockDetection#OFF}. */
    public long deadlockDetectionMillis() {
        return deadlockDetectionMillis;
    }

    /** The {@code coordination.zookeeper.*} settings; {@code null} unless the backend is ZooKeeper. */
    public ZooKeeperSettings zooKeeper() {
        return zooKeeper;
    }

    /** The effective settings, one line, for the start-up log. */
    @Override
    public String toString() {
        return "mode=" + mode.name().toLowerCase(Locale.ROOT) + ", cluster-name=" + clusterName
                + ", members=" + String.join(",", members) + ", interface=" + networkInterface
                + ", port=" + port + ", cp-member-count=" + cpMemberCount + ", allow-unsafe-cluster="
                + allowUnsafeCluster + ", prefix=\"" + lockPrefix
                + "\", agent-id=" + agentId + ", session-ttl=" + sessionTtlSeconds + "s, heartbeat="
                + heartbeatSeconds + "s, hazelcast-config=" + (hazelcastConfig == null ? "none" : hazelcastConfig)
                + ", include=" + (include.isEmpty() ? "all" : String.join(",", include))
                + ", log-level=" + logLevel + ", log-output=" + logOutput.name().toLowerCase(Locale.ROOT)
                + deadlockDetectionText()
                + ", lock-stripes=" + lockStripes
                + (healthPort == 0 ? "" : ", health-port=" + healthPort)
                + (zooKeeper == null ? "" : ", backend=zookeeper, " + zooKeeper);
    }

    /** Raw values with their source, and the checks that turn them into settings. */
    private static final class Values {
        private final Map<String, String> raw = new LinkedHashMap<>();
        private final Map<String, String> source = new LinkedHashMap<>();

        Values(Map<String, String> environment, Properties systemProperties, Map<String, String> arguments) {
            List<String> variableKeys = new ArrayList<>(KEYS);
            variableKeys.addAll(ZooKeeperSettings.keys()); // COORDINATION_ZOOKEEPER_CONNECT, ...
            for (Map.Entry<String, String> e :
                    EnvironmentSettings.settings(environment, variableKeys).entrySet()) {
                raw.put(e.getKey(), e.getValue());
                source.put(e.getKey(), "environment variable " + EnvironmentSettings.variable(e.getKey()));
            }
            for (String name : systemProperties.stringPropertyNames()) {
                if (name.startsWith(PREFIX)) {
                    String key = name.substring(PREFIX.length());
                    if (!KEYS.contains(key) && !ZooKeeperSettings.isKey(key)) {
                        throw unknown(key, "system property " + name);
                    }
                    raw.put(key, systemProperties.getProperty(name));
                    source.put(key, "system property " + name);
                }
            }
            for (Map.Entry<String, String> e : arguments.entrySet()) {
                if (!KEYS.contains(e.getKey()) && !ZooKeeperSettings.isKey(e.getKey())) {
                    throw unknown(e.getKey(), "agent argument " + e.getKey());
                }
                raw.put(e.getKey(), e.getValue());
                source.put(e.getKey(), "agent argument " + e.getKey());
            }
        }

        private static InvalidConfigurationException unknown(String key, String where) {
            if (key.startsWith(ZooKeeperSettings.KEY_PREFIX)) {
                return new InvalidConfigurationException(where + " is not a setting of the ZooKeeper backend (known: "
                        + ZooKeeperSettings.knownKeys() + ")");
            }
            List<String> known = new ArrayList<>(KEYS);
            Collections.sort(known);
            return new InvalidConfigurationException(
                    where + " is not a coordination setting (known: " + String.join(", ", known) + ")");
        }

        String describe(String key) {
            String where = source.getOrDefault(key, "default " + PREFIX + key);
            return raw.containsKey(key) ? where + "=\"" + raw.get(key) + "\"" : where;
        }

        private InvalidConfigurationException invalid(String key, String why) {
            String hint = source.getOrDefault(key, "").startsWith("environment variable")
                    ? EnvironmentSettings.serviceLinkHint(EnvironmentSettings.variable(key), raw.get(key))
                    : "";
            return new InvalidConfigurationException(describe(key) + ": " + why + hint);
        }

        private String get(String key) {
            String value = raw.get(key);
            return value == null ? null : value.trim();
        }

        String nonEmpty(String key, String fallback) {
            String value = get(key);
            if (value == null) {
                return fallback;
            }
            if (value.isEmpty()) {
                throw invalid(key, "must not be empty");
            }
            return value;
        }

        String noAt(String key, String fallback) {
            String value = raw.containsKey(key) ? get(key) : fallback;
            if (value.indexOf('@') >= 0) {
                throw invalid(key, "must not contain '@' (Hazelcast reads what follows '@' as a CP group name)");
            }
            return value;
        }

        Backend backend() {
            String value = get(BACKEND);
            if (value == null || value.equals("hazelcast")) {
                return Backend.HAZELCAST;
            }
            if (value.equals("zookeeper")) {
                return Backend.ZOOKEEPER;
            }
            throw invalid(BACKEND, "unknown backend; use hazelcast or zookeeper");
        }

        /**
         * With ZooKeeper a JVM is always a client of an ensemble: {@code client} is the default and
         * {@code embedded} is refused; {@code local} means local with either backend.
         */
        Mode mode(Backend backend) {
            String value = get(MODE);
            if (value == null) {
                return backend == Backend.ZOOKEEPER ? Mode.CLIENT : Mode.EMBEDDED;
            }
            switch (value) {
                case "embedded":
                    if (backend == Backend.ZOOKEEPER) {
                        throw invalid(
                                MODE,
                                "the ZooKeeper backend has no embedded mode: every JVM connects as a client to"
                                        + " the ensemble named by coordination.zookeeper.connect; use client (the"
                                        + " default with coordination.backend=zookeeper) or local");
                    }
                    return Mode.EMBEDDED;
                case "client":
                    return Mode.CLIENT;
                case "local":
                    return Mode.LOCAL;
                default:
                    throw invalid(MODE, "unknown mode; use embedded, client or local");
            }
        }

        /** The {@code zookeeper.*} settings: parsed with the ZooKeeper backend, refused with any other. */
        ZooKeeperSettings zooKeeper(Backend backend) {
            Map<String, String> zooKeeperKeys = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : raw.entrySet()) {
                if (e.getKey().startsWith(ZooKeeperSettings.KEY_PREFIX)) {
                    zooKeeperKeys.put(e.getKey().substring(ZooKeeperSettings.KEY_PREFIX.length()), e.getValue());
                }
            }
            if (backend != Backend.ZOOKEEPER) {
                if (!zooKeeperKeys.isEmpty()) {
                    String key = ZooKeeperSettings.KEY_PREFIX
                            + zooKeeperKeys.keySet().iterator().next();
                    throw new InvalidConfigurationException(describe(key) + " is a setting of the ZooKeeper"
                            + " backend, but " + describe(BACKEND) + " is not zookeeper; set"
                            + " coordination.backend=zookeeper or remove it");
                }
                return null;
            }
            return ZooKeeperSettings.parse(zooKeeperKeys, this::describe);
        }

        int parseInt(String key, String value) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw invalid(key, "not a whole number");
            }
        }

        long deadlockDetection() {
            String value = get(DEADLOCK_DETECTION);
            if (value == null) {
                return DeadlockDetection.DEFAULT_MILLIS;
            }
            try {
                return DeadlockDetection.parseMillis(value);
            } catch (IllegalArgumentException e) {
                throw invalid(DEADLOCK_DETECTION, e.getMessage());
            }
        }

        int port(String key, int fallback) {
            String value = get(key);
            if (value == null) {
                return fallback;
            }
            int port = parseInt(key, value);
            if (port < 1 || port > 65535) {
                throw invalid(key, "not a port number (1-65535)");
            }
            return port;
        }

        int positiveInt(String key, int fallback) {
            String value = get(key);
            if (value == null) {
                return fallback;
            }
            int parsed = parseInt(key, value);
            if (parsed < 1) {
                throw invalid(key, "must be 1 or more (seconds)");
            }
            return parsed;
        }

        /**
         * {@code session-ttl} as the ZooKeeper session timeout: whole seconds, at least one, and at
         * most what ZooKeeper's client takes (milliseconds in an {@code int}). The server then keeps
         * it between 2 and 20 of its ticks, which the agent cannot know, so a value outside them is
         * not refused here: the server negotiates it into its range.
         */
        int zooKeeperSessionTimeout() {
            String value = get(SESSION_TTL);
            if (value == null) {
                return 30;
            }
            int seconds;
            try {
                seconds = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                seconds = 0;
            }
            if (seconds < 1 || seconds > ZooKeeperSettings.MAX_SESSION_TIMEOUT_SECONDS) {
                throw invalid(
                        SESSION_TTL,
                        "must be a whole number of seconds from 1 to " + ZooKeeperSettings.MAX_SESSION_TIMEOUT_SECONDS
                                + " (with coordination.backend=zookeeper it is the ZooKeeper session timeout, which"
                                + " the server then keeps between 2 and 20 of its ticks: 4 s to 40 s with"
                                + " ZooKeeper's default tickTime=2000)");
            }
            return seconds;
        }

        boolean bool(String key, boolean fallback) {
            String value = get(key);
            if (value == null) {
                return fallback;
            }
            switch (value.toLowerCase(Locale.ROOT)) {
                case "true":
                    return true;
                case "false":
                    return false;
                default:
                    throw invalid(key, "must be true or false");
            }
        }

        int cpMemberCount() {
            String value = get(CP_MEMBER_COUNT);
            if (value == null) {
                return 0;
            }
            int count = parseInt(CP_MEMBER_COUNT, value);
            if (count != 0 && count < 3) {
                throw invalid(
                        CP_MEMBER_COUNT,
                        "must be 0 (no Raft, unsafe mode) or 3 or more"
                                + " (a Raft group of 1 or 2 members cannot survive the loss of one)");
            }
            return count;
        }

        List<String> members() {
            List<String> members = list(MEMBERS);
            if (members.isEmpty()) {
                if (raw.containsKey(MEMBERS)) {
                    throw invalid(MEMBERS, "must name at least one host[:port]");
                }
                return List.of("127.0.0.1");
            }
            for (String member : members) {
                int colon = member.lastIndexOf(':');
                if (member.startsWith("[") ? member.indexOf("]:") > 0 : colon > 0 && member.indexOf(':') == colon) {
                    String portText = member.substring(colon + 1);
                    try {
                        int port = Integer.parseInt(portText);
                        if (port < 1 || port > 65535) {
                            throw invalid(MEMBERS, "\"" + member + "\" has no valid port (1-65535)");
                        }
                    } catch (NumberFormatException e) {
                        throw invalid(MEMBERS, "\"" + member + "\" is not host[:port]");
                    }
                }
            }
            return members;
        }

        List<String> list(String key) {
            String value = get(key);
            List<String> items = new ArrayList<>();
            if (value == null) {
                return items;
            }
            for (String item : value.split(",")) {
                if (!item.isBlank()) {
                    items.add(item.trim());
                }
            }
            return Collections.unmodifiableList(items);
        }

        String agentId() {
            String value = get(AGENT_ID);
            if (value == null) {
                return UUID.randomUUID().toString();
            }
            if (value.isEmpty()) {
                throw invalid(AGENT_ID, "must not be empty");
            }
            return noAt(AGENT_ID, value);
        }

        Path hazelcastConfig() {
            String value = get(HAZELCAST_CONFIG);
            if (value == null) {
                return null;
            }
            Path path = Paths.get(value);
            String lower = value.toLowerCase(Locale.ROOT);
            if (!lower.endsWith(".xml") && !lower.endsWith(".yaml") && !lower.endsWith(".yml")) {
                throw invalid(HAZELCAST_CONFIG, "must be a Hazelcast .xml, .yaml or .yml file");
            }
            if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                throw invalid(HAZELCAST_CONFIG, "no readable file at " + path.toAbsolutePath());
            }
            return path;
        }

        int lockStripes() {
            String value = get(LOCK_STRIPES);
            if (value == null) {
                return DEFAULT_LOCK_STRIPES;
            }
            int count = parseInt(LOCK_STRIPES, value);
            if (count < MIN_LOCK_STRIPES || count > MAX_LOCK_STRIPES || Integer.bitCount(count) != 1) {
                throw invalid(
                        LOCK_STRIPES,
                        "must be a power of two from " + MIN_LOCK_STRIPES + " to " + MAX_LOCK_STRIPES + " (for example "
                                + DEFAULT_LOCK_STRIPES + ", the default), the same on every JVM of the cluster");
            }
            return count;
        }

        String logLevel() {
            String value = get(LOG_LEVEL);
            if (value == null) {
                return "info";
            }
            String level = value.toLowerCase(Locale.ROOT);
            switch (level) {
                case "off":
                case "error":
                case "warn":
                case "info":
                case "debug":
                case "trace":
                    return level;
                default:
                    throw invalid(LOG_LEVEL, "unknown level; use off, error, warn, info, debug or trace");
            }
        }

        LogOutput logOutput() {
            String value = get(LOG_OUTPUT);
            if (value == null) {
                return LogOutput.AUTO;
            }
            switch (value.toLowerCase(Locale.ROOT)) {
                case "auto":
                    return LogOutput.AUTO;
                case "slf4j":
                    return LogOutput.SLF4J;
                case "stderr":
                    return LogOutput.STDERR;
                default:
                    throw invalid(LOG_OUTPUT, "unknown output; use auto, slf4j or stderr");
            }
        }
    }
}
