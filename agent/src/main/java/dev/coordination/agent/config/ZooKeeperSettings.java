package dev.coordination.agent.config;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The {@code coordination.zookeeper.*} settings of the ZooKeeper backend: where the ensemble is
 * ({@code connect}), the node under which the locks live ({@code namespace}), and ZooKeeper's own
 * client properties for TLS and SASL, passed through by their names without {@code zookeeper.}
 * ({@code coordination.zookeeper.client.secure=true} is ZooKeeper's {@code zookeeper.client.secure}).
 * Every value is checked here, so a bad one stops the agent at start with one line. Agent jar,
 * system class loader.
 */
public final class ZooKeeperSettings {

    /** The key prefix after {@code coordination.}: {@code zookeeper.connect} and so on. */
    public static final String KEY_PREFIX = "zookeeper.";

    public static final String CONNECT = "connect";
    public static final String NAMESPACE = "namespace";

    /** ZooKeeper's socket choice; the values name the classes as ZooKeeper documents them. */
    public static final String CLIENT_CNXN_SOCKET = "clientCnxnSocket";

    public static final String CLIENT_SECURE = "client.secure";

    /**
     * The longest session timeout the agent passes on: ZooKeeper's client takes it in milliseconds,
     * as an {@code int}. The server narrows it further, to between 2 and 20 of its ticks.
     */
    static final int MAX_SESSION_TIMEOUT_SECONDS = Integer.MAX_VALUE / 1000;

    private static final String DEFAULT_CONNECT = "127.0.0.1:2181";
    private static final String DEFAULT_NAMESPACE = "coordination";

    private enum Kind {
        TEXT,
        BOOLEAN,
        COUNT,
        FILE,
        SOCKET
    }

    /** ZooKeeper's client properties, by the key that follows {@code coordination.zookeeper.}. */
    private static final Map<String, Kind> CLIENT_KEYS = clientKeys();

    private final String connect;
    private final String namespace;
    private final Map<String, String> clientProperties;

    private ZooKeeperSettings(String connect, String namespace, Map<String, String> clientProperties) {
        this.connect = connect;
        this.namespace = namespace;
        this.clientProperties = clientProperties;
    }

    private static Map<String, Kind> clientKeys() {
        Map<String, Kind> keys = new LinkedHashMap<>();
        keys.put(CLIENT_SECURE, Kind.BOOLEAN);
        keys.put(CLIENT_CNXN_SOCKET, Kind.SOCKET);
        keys.put("request.timeout", Kind.COUNT);
        keys.put("disableAutoWatchReset", Kind.BOOLEAN);
        keys.put("fips-mode", Kind.BOOLEAN);
        keys.put("kinit", Kind.TEXT);
        keys.put("sasl.client", Kind.BOOLEAN);
        keys.put("sasl.client.username", Kind.TEXT);
        keys.put("sasl.client.canonicalize.hostname", Kind.BOOLEAN);
        keys.put("sasl.clientconfig", Kind.TEXT);
        keys.put("server.principal", Kind.TEXT);
        keys.put("server.realm", Kind.TEXT);
        keys.put("ssl.protocol", Kind.TEXT);
        keys.put("ssl.enabledProtocols", Kind.TEXT);
        keys.put("ssl.ciphersuites", Kind.TEXT);
        keys.put("ssl.keyStore.location", Kind.FILE);
        keys.put("ssl.keyStore.password", Kind.TEXT);
        keys.put("ssl.keyStore.passwordPath", Kind.FILE);
        keys.put("ssl.keyStore.type", Kind.TEXT);
        keys.put("ssl.trustStore.location", Kind.FILE);
        keys.put("ssl.trustStore.password", Kind.TEXT);
        keys.put("ssl.trustStore.passwordPath", Kind.FILE);
        keys.put("ssl.trustStore.type", Kind.TEXT);
        keys.put("ssl.context.supplier.class", Kind.TEXT);
        keys.put("ssl.hostnameVerification", Kind.BOOLEAN);
        keys.put("ssl.crl", Kind.BOOLEAN);
        keys.put("ssl.ocsp", Kind.BOOLEAN);
        keys.put("ssl.handshakeDetectionTimeoutMillis", Kind.COUNT);
        keys.put("ssl.sslProvider", Kind.TEXT);
        keys.put("jute.maxbuffer", Kind.COUNT);
        return Collections.unmodifiableMap(keys);
    }

    /** Whether {@code key} (after {@code coordination.}) is one of these settings. */
    static boolean isKey(String key) {
        if (!key.startsWith(KEY_PREFIX)) {
            return false;
        }
        String rest = key.substring(KEY_PREFIX.length());
        return rest.equals(CONNECT) || rest.equals(NAMESPACE) || CLIENT_KEYS.containsKey(rest);
    }

    /** Every key (after {@code coordination.}), for the environment variables that may set them. */
    static List<String> keys() {
        TreeSet<String> known = new TreeSet<>(CLIENT_KEYS.keySet());
        known.add(CONNECT);
        known.add(NAMESPACE);
        List<String> keys = new ArrayList<>();
        for (String key : known) {
            keys.add(KEY_PREFIX + key);
        }
        return keys;
    }

    /** The known keys, for the message that names an unknown one. */
    static String knownKeys() {
        TreeSet<String> known = new TreeSet<>(CLIENT_KEYS.keySet());
        known.add(CONNECT);
        known.add(NAMESPACE);
        return KEY_PREFIX + String.join(", " + KEY_PREFIX, known);
    }

    /**
     * @param raw the values of the {@code zookeeper.*} keys, keyed without {@code zookeeper.}
     * @param describe where a key's value came from, for messages (the key as given to it has the prefix)
     */
    static ZooKeeperSettings parse(Map<String, String> raw, Function<String, String> describe) {
        String connect = ConnectString.check(
                raw.getOrDefault(CONNECT, DEFAULT_CONNECT).trim(), why -> invalid(describe, CONNECT, why));
        String namespace =
                namespace(raw.getOrDefault(NAMESPACE, DEFAULT_NAMESPACE).trim(), describe);
        Map<String, String> client = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : raw.entrySet()) {
            Kind kind = CLIENT_KEYS.get(e.getKey());
            if (kind == null) {
                continue; // connect and namespace; unknown keys were refused when read
            }
            client.put(zooKeeperName(e.getKey()), value(e.getKey(), e.getValue().trim(), kind, describe));
        }
        if ("true".equals(client.get(zooKeeperName(CLIENT_SECURE)))) {
            // ZooKeeper's client speaks TLS through Netty only.
            client.putIfAbsent(zooKeeperName(CLIENT_CNXN_SOCKET), "netty");
        }
        return new ZooKeeperSettings(connect, namespace, Collections.unmodifiableMap(client));
    }

    /** ZooKeeper's name of a pass-through key: {@code zookeeper.} + key, but {@code jute.maxbuffer} as is. */
    static String zooKeeperName(String key) {
        return key.startsWith("jute.") ? key : KEY_PREFIX + key;
    }

    private static String value(String key, String value, Kind kind, Function<String, String> describe) {
        switch (kind) {
            case BOOLEAN:
                String lower = value.toLowerCase(Locale.ROOT);
                if (!lower.equals("true") && !lower.equals("false")) {
                    throw invalid(describe, key, "must be true or false");
                }
                return lower;
            case COUNT:
                try {
                    if (Long.parseLong(value) >= 0) {
                        return value;
                    }
                } catch (NumberFormatException e) {
                    // the message below
                }
                throw invalid(describe, key, "must be a whole number, 0 or more");
            case FILE:
                if (value.isEmpty() || !Files.isReadable(Paths.get(value))) {
                    throw invalid(
                            describe,
                            key,
                            "no readable file at " + Paths.get(value).toAbsolutePath());
                }
                return value;
            case SOCKET:
                String socket = value.toLowerCase(Locale.ROOT);
                if (socket.equals("netty") || value.equals("org.apache.zookeeper.ClientCnxnSocketNetty")) {
                    return "netty";
                }
                if (socket.equals("nio") || value.equals("org.apache.zookeeper.ClientCnxnSocketNIO")) {
                    return "nio";
                }
                throw invalid(
                        describe,
                        key,
                        "must be netty or nio (or ZooKeeper's class names"
                                + " org.apache.zookeeper.ClientCnxnSocketNetty / ClientCnxnSocketNIO)");
            default:
                if (value.isEmpty()) {
                    throw invalid(describe, key, "must not be empty");
                }
                return value;
        }
    }

    private static String namespace(String value, Function<String, String> describe) {
        if (value.isEmpty()) {
            throw invalid(describe, NAMESPACE, "must not be empty (the node every lock lives under)");
        }
        for (String element : value.split("/", -1)) {
            if (element.isEmpty()
                    || element.equals(".")
                    || element.equals("..")
                    || !element.matches("[A-Za-z0-9_.-]+")) {
                throw invalid(
                        describe,
                        NAMESPACE,
                        "must be one or more path elements of letters, digits, '.', '_' or '-' separated"
                                + " by '/', without a leading or trailing '/' (for example coordination or apps/coordination)");
            }
        }
        return value;
    }

    private static InvalidConfigurationException invalid(Function<String, String> describe, String key, String why) {
        return new InvalidConfigurationException(describe.apply(KEY_PREFIX + key) + ": " + why);
    }

    /** ZooKeeper's connect string: {@code host:port,host:port[/chroot]}. */
    public String connect() {
        return connect;
    }

    /** The node (Curator's namespace) under which every lock node lives, without a leading '/'. */
    public String namespace() {
        return namespace;
    }

    /**
     * ZooKeeper client properties by ZooKeeper's own names ({@code zookeeper.client.secure}); the
     * socket ({@code zookeeper.clientCnxnSocket}) as {@code netty} or {@code nio}, which the backend
     * turns into its relocated class names.
     */
    public Map<String, String> clientProperties() {
        return clientProperties;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("zookeeper.connect=")
                .append(connect)
                .append(", zookeeper.namespace=")
                .append(namespace);
        for (Map.Entry<String, String> e : clientProperties.entrySet()) {
            boolean secret = e.getKey().toLowerCase(Locale.ROOT).endsWith("password");
            text.append(", ").append(e.getKey().startsWith(KEY_PREFIX) ? "" : KEY_PREFIX);
            text.append(e.getKey()).append('=').append(secret ? "****" : e.getValue());
        }
        return text.toString();
    }
}
