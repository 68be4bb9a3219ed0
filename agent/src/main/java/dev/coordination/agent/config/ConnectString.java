package dev.coordination.agent.config;

import java.util.function.Function;

/**
 * Checks a ZooKeeper connect string, {@code host:port,host:port[/chroot]}, so that a typo stops the
 * agent at start instead of leaving it trying to connect for ever. Agent jar, system class loader.
 */
final class ConnectString {

    private ConnectString() {}

    /**
     * @return {@code value} when it is a connect string
     * @throws InvalidConfigurationException made by {@code invalid} from the reason otherwise
     */
    static String check(String value, Function<String, InvalidConfigurationException> invalid) {
        if (value.isEmpty()) {
            throw invalid.apply("must name at least one host:port (for example 127.0.0.1:2181)");
        }
        int slash = value.indexOf('/');
        String hosts = slash < 0 ? value : value.substring(0, slash);
        if (slash >= 0) {
            String chroot = value.substring(slash);
            if (chroot.length() < 2 || chroot.endsWith("/") || chroot.contains("//")) {
                throw invalid.apply("the chroot \"" + chroot + "\" must be a path such as /apps/locks"
                        + " (no trailing '/'); coordination.zookeeper.namespace is the simpler way to pick a node");
            }
        }
        for (String host : hosts.split(",", -1)) {
            String entry = host.trim();
            int colon = entry.lastIndexOf(':');
            boolean bracketed = entry.startsWith("[");
            if (entry.isEmpty() || colon <= 0 || bracketed && entry.indexOf("]:") < 0) {
                throw invalid.apply("\"" + entry + "\" is not host:port (every server needs its client port,"
                        + " for example 127.0.0.1:2181)");
            }
            try {
                int port = Integer.parseInt(entry.substring(colon + 1));
                if (port < 1 || port > 65535) {
                    throw invalid.apply("\"" + entry + "\" has no valid port (1-65535)");
                }
            } catch (NumberFormatException e) {
                throw invalid.apply("\"" + entry + "\" has no valid port (1-65535)");
            }
        }
        return value;
    }
}
