package dev.coordination.agent.hazelcast;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.impl.clientside.HazelcastClientInstanceImpl;
import com.hazelcast.client.impl.clientside.HazelcastClientProxy;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleListener;
import dev.coordination.agent.config.AgentConfig;
import dev.coordination.agent.logging.AgentLogging;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code coordination.mode=client}: this JVM is a Hazelcast client of dedicated lock members
 * ({@code java -jar coordination-agent.jar member}), so it holds no cluster data and its own
 * restarts never disturb the CP subsystem. Connects, and reconnects after the cluster went away, for
 * ever in the background; knows whether it is connected, so that calls failing meanwhile say the
 * cluster cannot be reached. Agent jar, system class loader.
 */
final class ClusterClient implements ClusterConnection {

    private static final Logger log = LoggerFactory.getLogger(ClusterClient.class);

    /** Longest wait for the cluster to close this client's CP sessions on exit. */
    private static final long GRACEFUL_SHUTDOWN_SECONDS = Long.parseLong(HazelcastConfigs.GRACEFUL_SHUTDOWN_SECONDS);
    /** While the cluster cannot be reached, one line says so this often (Hazelcast's own are quieted). */
    static final long OUTAGE_REMINDER_SECONDS = 30;
    /** Hazelcast's client loggers, which repeat their WARN lines at every attempt to reconnect. */
    private static final String HAZELCAST_CLIENT_LOGGERS = "com.hazelcast.client.";

    private static final ScheduledExecutorService reminders =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("coordination-client-outage"));

    private final AgentConfig settings;
    private final String where;
    private volatile boolean connected;
    private volatile long disconnectedSince = System.nanoTime();
    private volatile boolean stopping;
    private final CountDownLatch firstConnected = new CountDownLatch(1);
    private volatile long begin = System.nanoTime();
    /** Says once every {@link #OUTAGE_REMINDER_SECONDS} that the outage goes on; null while connected. */
    private ScheduledFuture<?> reminder;

    ClusterClient(AgentConfig settings) {
        this.settings = settings;
        this.where = settings.hazelcastConfig() != null
                ? "the cluster of client configuration " + settings.hazelcastConfig()
                : "cluster \"" + settings.clusterName() + "\" at " + String.join(",", settings.members());
    }

    @Override
    public String starting() {
        return "cannot reach the lock cluster: Hazelcast client " + settings.memberId() + " is still connecting to "
                + where + ", retrying in the background";
    }

    @Override
    public HazelcastInstance create() {
        begin = System.nanoTime();
        ClientConfig config = ClientConfigs.client(settings);
        config.addListenerConfig(new ListenerConfig((LifecycleListener) this::onLifecycle));
        return HazelcastClient.newHazelcastClient(config);
    }

    /**
     * Hazelcast's client runs what is registered here when it connects to a cluster with another id
     * (every member was restarted), before the new connection carries any call. It keeps its CP
     * sessions then, although none of them exists in the new cluster, whose session ids start again
     * from 1: an old id may belong to another JVM by now, and two JVMs using one session would hold
     * one lock at once. So they are dropped here, and the next call opens a session of its own.
     */
    @Override
    public void whenReplaced(HazelcastInstance instance, Runnable replaced) {
        HazelcastClientInstanceImpl client = ((HazelcastClientProxy) instance).client;
        client.disposeOnClusterChange(() -> {
            log.warn(
                    "Hazelcast client {} reached {} again, but a new cluster there (every member was restarted):"
                            + " its CP sessions, and the locks held in them, are gone; new ones are opened, and"
                            + " fences go on from the new cluster's base",
                    settings.memberId(),
                    where);
            replaced.run();
            FencedLockCalls.forgetSessions(client.getProxySessionManager());
        });
    }

    @Override
    public void awaitReady(HazelcastInstance client, Consumer<String> status) throws InterruptedException {
        while (!firstConnected.await(1, TimeUnit.SECONDS)) {
            if (!client.getLifecycleService().isRunning()) {
                throw new IllegalStateException(
                        "Hazelcast client " + settings.memberId() + " was shut down before it reached " + where);
            }
        }
        log.info(
                "Hazelcast client {} connected in {}s to cluster \"{}\" ({} member(s))",
                settings.memberId(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin) / 1000.0,
                client.getConfig().getClusterName(),
                client.getCluster().getMembers().size());
    }

    /**
     * One line when an outage starts, one every {@link #OUTAGE_REMINDER_SECONDS} while it lasts, one
     * when it ends; Hazelcast's client lines, a few for every attempt to reconnect, count as DEBUG
     * meanwhile ({@code PartitionIT}).
     */
    private synchronized void onLifecycle(LifecycleEvent event) {
        switch (event.getState()) {
            case CLIENT_CONNECTED:
                if (!connected) {
                    connected = true;
                    if (firstConnected.getCount() == 0) {
                        log.info(
                                "Hazelcast client {} connected again to {} after {}s without a connection",
                                settings.memberId(),
                                where,
                                secondsSince(disconnectedSince));
                    }
                    firstConnected.countDown();
                    endOutage();
                }
                break;
            case CLIENT_DISCONNECTED:
                if (connected) {
                    disconnectedSince = System.nanoTime();
                    connected = false;
                    if (!stopping) {
                        log.warn(
                                "Hazelcast client {} lost its connection to {}; locked calls fail until it"
                                        + " reconnects (retrying in the background, reported every {}s)",
                                settings.memberId(),
                                where,
                                OUTAGE_REMINDER_SECONDS);
                        startOutage();
                    }
                }
                break;
            case SHUTTING_DOWN:
                endOutage();
                break;
            default:
                break;
        }
    }

    private void startOutage() {
        AgentLogging.quiet(HAZELCAST_CLIENT_LOGGERS, true);
        reminder = reminders.scheduleAtFixedRate(
                () -> log.warn(
                        "Hazelcast client {} still has" + " no connection to {} after {}s (retrying in the background)",
                        settings.memberId(),
                        where,
                        secondsSince(disconnectedSince)),
                OUTAGE_REMINDER_SECONDS,
                OUTAGE_REMINDER_SECONDS,
                TimeUnit.SECONDS);
    }

    private void endOutage() {
        if (reminder != null) {
            reminder.cancel(false);
            reminder = null;
            AgentLogging.quiet(HAZELCAST_CLIENT_LOGGERS, false);
        }
    }

    private static long secondsSince(long nanos) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - nanos);
    }

    @Override
    public String outage() {
        if (connected) {
            return null;
        }
        return "Hazelcast client " + settings.memberId() + " has had no connection to " + where + " for "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - disconnectedSince) / 1000.0
                + "s (reconnecting in the background)";
    }

    /** A client holds no data: the dedicated members' settings decide, and they log when they are unsafe. */
    @Override
    public String refusal() {
        return null;
    }

    @Override
    public String clusterMode() {
        return "client of " + where + ": the members' settings decide (java -jar coordination-agent.jar cp status"
                + " shows them)";
    }

    /**
     * A connected client closes its CP sessions first (Hazelcast's graceful client shutdown), so the
     * locks it held are free at once, not a session TTL later; bounded, because without a CP majority
     * the close would wait a minute. A disconnected client cannot tell anyone: its sessions expire.
     */
    @Override
    public void shutDown(HazelcastInstance instance) {
        try {
            if (!instance.getLifecycleService().isRunning()) {
                return;
            }
            stopping = true;
            if (!connected) {
                instance.getLifecycleService().terminate();
                return;
            }
            Thread graceful = new Thread(instance::shutdown, "coordination-client-shutdown");
            graceful.setDaemon(true);
            graceful.start();
            graceful.join(TimeUnit.SECONDS.toMillis(GRACEFUL_SHUTDOWN_SECONDS));
            if (graceful.isAlive()) {
                log.warn(
                        "The lock cluster did not close the CP sessions of Hazelcast client {} within {}s;"
                                + " its locks are freed when the sessions expire",
                        settings.memberId(),
                        GRACEFUL_SHUTDOWN_SECONDS);
                instance.getLifecycleService().terminate();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            instance.getLifecycleService().terminate();
        } catch (RuntimeException e) {
            log.warn("Hazelcast client did not shut down cleanly: {}", e.toString());
        }
    }
}
