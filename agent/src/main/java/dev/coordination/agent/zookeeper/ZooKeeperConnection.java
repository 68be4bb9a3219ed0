package dev.coordination.agent.zookeeper;

import dev.coordination.agent.config.AgentConfig;
import dev.coordination.agent.config.ZooKeeperSettings;
import dev.coordination.agent.runtime.BackendUnavailableException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.RetryNTimes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This JVM's one Curator client: started in the background, closed by {@code stop()}, and the
 * session it runs in. Every time Curator reports the session {@link ConnectionState#LOST} (expired
 * at the server, or no contact for a whole session timeout) the {@link #epoch()} moves on: a hold
 * taken in an earlier epoch had an ephemeral node that is gone, so its release reports it lost.
 * Agent jar, system class loader.
 */
final class ZooKeeperConnection {

    private static final Logger log = LoggerFactory.getLogger(ZooKeeperConnection.class);

    private final AgentConfig settings;
    private final ZooKeeperSettings zooKeeper;
    private final AtomicInteger epoch = new AtomicInteger();

    private volatile CuratorFramework client;
    private volatile ConnectionState state;
    private boolean hooked;

    ZooKeeperConnection(AgentConfig settings) {
        this.settings = settings;
        this.zooKeeper = settings.zooKeeper();
    }

    /** Starts the client; it connects in the background. Does nothing when started. */
    synchronized void start() {
        if (client != null) {
            return;
        }
        int sessionMillis = (int) TimeUnit.SECONDS.toMillis(settings.sessionTtlSeconds());
        CuratorFramework started = CuratorFrameworkFactory.builder()
                .connectString(zooKeeper.connect())
                .namespace(zooKeeper.namespace())
                .sessionTimeoutMs(sessionMillis)
                .connectionTimeoutMs(Math.min(sessionMillis, 5_000))
                .retryPolicy(new RetryNTimes(10, 200))
                .zkClientConfig(ZooKeeperClientConfig.of(zooKeeper.clientProperties()))
                .threadFactory(task -> {
                    Thread thread = new Thread(task, "coordination-zookeeper");
                    thread.setDaemon(true);
                    return thread;
                })
                .build();
        started.getConnectionStateListenable().addListener((c, newState) -> changed(newState));
        started.start();
        client = started;
        if (!hooked) {
            // Closing the session on exit frees this JVM's locks at once, not a session timeout later.
            Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "coordination-zookeeper-exit"));
            hooked = true;
        }
        log.info(
                "Connecting to ZooKeeper at {} (namespace /{}, session timeout {}s)",
                zooKeeper.connect(),
                zooKeeper.namespace(),
                settings.sessionTtlSeconds());
    }

    private void changed(ConnectionState newState) {
        state = newState;
        if (newState == ConnectionState.LOST) {
            int now = epoch.incrementAndGet();
            log.warn(
                    "ZooKeeper session lost (expired, or no contact with {} for a whole session timeout):"
                            + " every lock this JVM held is freed at the server, and each holder's call ends with"
                            + " LockLostException (session epoch {})",
                    zooKeeper.connect(),
                    now);
        } else if (newState == ConnectionState.SUSPENDED) {
            log.warn(
                    "ZooKeeper connection to {} suspended; locks held stay held until the session times out",
                    zooKeeper.connect());
        } else if (newState.isConnected()) {
            log.info(
                    "ZooKeeper connection {} ({})",
                    newState.name().toLowerCase(java.util.Locale.ROOT),
                    zooKeeper.connect());
        }
    }

    /** Moves on whenever a session ends; a hold remembers the epoch it was taken in. */
    int epoch() {
        return epoch.get();
    }

    /**
     * The client, connected, waiting for that at most {@code boundNanos}.
     *
     * @throws BackendUnavailableException if stopped, or not connected in time
     */
    CuratorFramework connected(long boundNanos) throws InterruptedException {
        CuratorFramework current = client;
        if (current == null) {
            throw new BackendUnavailableException(ZooKeeperLockBackend.STOPPED, null);
        }
        if (current.getZookeeperClient().isConnected()) {
            return current;
        }
        long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(boundNanos));
        if (!current.blockUntilConnected((int) Math.min(millis, Integer.MAX_VALUE), TimeUnit.MILLISECONDS)) {
            throw new BackendUnavailableException(
                    "ZooKeeper at " + zooKeeper.connect() + " cannot be reached (state " + describeState() + ", waited "
                            + millis + " ms)",
                    null);
        }
        if (client != current) {
            throw new BackendUnavailableException(ZooKeeperLockBackend.STOPPED, null);
        }
        return current;
    }

    /** The client while started (connected or not), else {@code null}. */
    CuratorFramework client() {
        return client;
    }

    boolean isConnected() {
        CuratorFramework current = client;
        return current != null && current.getZookeeperClient().isConnected();
    }

    String describeState() {
        ConnectionState current = state;
        return current == null ? "connecting" : current.name().toLowerCase(java.util.Locale.ROOT);
    }

    String connect() {
        return zooKeeper.connect();
    }

    String namespace() {
        return zooKeeper.namespace();
    }

    /** Closes the client: its session ends, and the server frees every lock node of it at once. */
    synchronized void stop() {
        CuratorFramework current = client;
        if (current == null) {
            return;
        }
        client = null;
        epoch.incrementAndGet();
        current.close();
    }
}
