package dev.coordination.agent.zookeeper;

import dev.coordination.agent.config.AgentConfig;
import dev.coordination.agent.deadlock.WaitBoard;
import dev.coordination.agent.runtime.BackendUnavailableException;
import dev.coordination.agent.runtime.Glob;
import dev.coordination.agent.runtime.LockBackend;
import dev.coordination.agent.runtime.LockStripes;
import dev.coordination.agent.runtime.LockTimings;
import dev.coordination.agent.runtime.StripeLock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.CuratorEvent;
import org.apache.zookeeper.KeeperException;

/**
 * {@code coordination.backend=zookeeper}: the locks live in a ZooKeeper ensemble, one lock per name
 * ({@link LockStripes#perName()}): a name's nodes are deleted when it is released, and the name's
 * parent is a container node that the server deletes once empty, so the ensemble's memory is
 * bounded by the names held or waited for, without stripes. A hold lasts as long as this JVM's
 * session ({@code coordination.session-ttl} is the session timeout). Agent jar, system class loader.
 */
public final class ZooKeeperLockBackend implements LockBackend {

    static final String STOPPED =
            "coordination is stopped (Coordination.stop() was called);" + " call Coordination.start() to lock again";

    private final AgentConfig settings;
    private final ZooKeeperConnection connection;
    private final LockStripes stripes = LockStripes.perName();
    /** The names this JVM holds now: bounded by the holds, emptied by every last release. */
    private final ConcurrentHashMap<String, Held> held = new ConcurrentHashMap<>();

    public ZooKeeperLockBackend(AgentConfig settings) {
        this.settings = settings;
        this.connection = new ZooKeeperConnection(settings);
    }

    @Override
    public LockStripes stripes() {
        return stripes;
    }

    /** Never asked: the runtime asks a backend without stripes by name. */
    @Override
    public StripeLock lock(int stripe, long readyWaitNanos) {
        throw new UnsupportedOperationException("the ZooKeeper backend holds one lock per name; ask by name");
    }

    @Override
    public StripeLock lock(String fullName, int stripe, long readyWaitNanos) {
        if (connection.client() == null) {
            throw new BackendUnavailableException(STOPPED, null);
        }
        return new ZooKeeperLock(this, fullName);
    }

    @Override
    public WaitBoard waitBoard() {
        return new ZooKeeperWaitBoard(connection);
    }

    ZooKeeperConnection connection() {
        return connection;
    }

    Held held(String fullName) {
        return held.get(fullName);
    }

    void granted(String fullName, Held hold) {
        held.put(fullName, hold);
    }

    void released(String fullName, Held hold) {
        held.remove(fullName, hold);
    }

    /** A request that did not end in a grant: its node goes, now or once its creation is answered. */
    void withdraw(CompletableFuture<CuratorEvent> creating, String node) {
        if (node != null) {
            deleteInBackground(node);
            return;
        }
        creating.thenAccept(event -> {
            if (Calls.code(event) == KeeperException.Code.OK) {
                deleteInBackground(event.getName());
            }
        });
    }

    private void deleteInBackground(String node) {
        CuratorFramework client = connection.client();
        if (client == null) {
            return; // closed: the session, and with it the node, is gone
        }
        try {
            client.delete().guaranteed().inBackground().forPath(node);
        } catch (Exception e) {
            // Guaranteed deletes retry until the session ends, which frees the node as well.
        }
    }

    /**
     * Deletes a released hold's node.
     *
     * @throws dev.coordination.agent.runtime.BackendLockLostException if the session it was taken in ended
     * @param boundNanos how long to wait for ZooKeeper's answer
     * @throws BackendUnavailableException if ZooKeeper did not take the delete within {@code boundNanos}
     *     (Curator keeps trying; the session's end frees it at the latest)
     */
    void deleteNode(Held hold, String fullName, long boundNanos) {
        CuratorFramework client = connection.client();
        if (client == null) {
            throw ZooKeeperLock.lost(fullName, "coordination was stopped while it was held (its session was closed)");
        }
        if (connection.epoch() != hold.epoch) {
            deleteInBackground(hold.node);
            throw ZooKeeperLock.lost(fullName, "its ZooKeeper session ended while it was held");
        }
        CompletableFuture<CuratorEvent> deleting = Calls.send(answer -> client.delete()
                .guaranteed()
                .inBackground((c, event) -> answer.complete(event))
                .forPath(hold.node));
        String what = "the release of lock \"" + fullName + "\"";
        CuratorEvent deleted;
        try {
            deleted = Calls.await(deleting, boundNanos, what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the guaranteed delete goes on without this thread
            return;
        } catch (BackendUnavailableException e) {
            throw goesOn(e);
        }
        KeeperException.Code code = Calls.code(deleted);
        if (code == KeeperException.Code.NONODE || code == KeeperException.Code.SESSIONEXPIRED) {
            throw ZooKeeperLock.lost(fullName, "its ZooKeeper session ended while it was held");
        }
        try {
            Calls.ok(deleted, what);
        } catch (BackendUnavailableException e) {
            throw goesOn(e);
        }
    }

    /** A delete that was not confirmed: Curator's guaranteed delete goes on, and the session's end frees the node. */
    private static BackendUnavailableException goesOn(BackendUnavailableException e) {
        return new BackendUnavailableException(
                e.getMessage() + "; the delete goes on in the background, and the name is free once"
                        + " ZooKeeper takes it or this JVM's session ends",
                e.getCause());
    }

    @Override
    public void nameUsed(String fullName) {
        // Nothing to record: ZooKeeper lists the names itself.
    }

    /**
     * Deletes the container nodes of the matching names that nobody holds or waits for. The server
     * deletes empty containers on its own as well (every {@code znode.container.checkIntervalMs},
     * a minute by default); this frees them at once and says how many there were.
     */
    @Override
    public int removeNames(String prefix, Glob glob) throws InterruptedException {
        CuratorFramework client = connection.connected(LockTimings.UNANSWERED_NANOS);
        CuratorEvent listed = Calls.ok(
                Calls.await(
                        Calls.send(answer -> client.getChildren()
                                .inBackground((c, event) -> answer.complete(event))
                                .forPath(LockNodes.ROOT)),
                        LockTimings.UNANSWERED_NANOS,
                        "the list of lock names"),
                "the list of lock names",
                KeeperException.Code.NONODE);
        List<String> names = listed.getChildren();
        if (names == null) {
            return 0;
        }
        int removed = 0;
        for (String element : names) {
            String fullName = LockNodes.unescape(element);
            if (!fullName.startsWith(prefix) || !glob.matches(fullName.substring(prefix.length()))) {
                continue;
            }
            CuratorEvent deleted = Calls.await(
                    Calls.send(answer -> client.delete()
                            .inBackground((c, event) -> answer.complete(event))
                            .forPath(LockNodes.ROOT + "/" + element)),
                    LockTimings.UNANSWERED_NANOS,
                    "the removal of lock \"" + fullName + "\"");
            // NOTEMPTY: held or waited for right now; NONODE: the server's own clean-up was first.
            if (Calls.ok(
                                    deleted,
                                    "the removal of lock \"" + fullName + "\"",
                                    KeeperException.Code.NOTEMPTY,
                                    KeeperException.Code.NONODE)
                            .getResultCode()
                    == KeeperException.Code.OK.intValue()) {
                removed++;
            }
        }
        return removed;
    }

    @Override
    public String memberId() {
        return settings.memberId();
    }

    @Override
    public boolean isReady() {
        return connection.isConnected();
    }

    @Override
    public String status() {
        if (connection.client() == null) {
            return "stopped (Coordination.stop() was called)";
        }
        return (connection.isConnected() ? "connected to" : "connecting to (" + connection.describeState() + ")")
                + " ZooKeeper at " + connection.connect();
    }

    @Override
    public String refusal() {
        return connection.client() == null ? STOPPED : null;
    }

    @Override
    public String clusterMode() {
        return "ZooKeeper ensemble at " + connection.connect() + ", namespace /" + connection.namespace()
                + ": one lock node per name, freed on release";
    }

    @Override
    public void start() {
        connection.start();
    }

    @Override
    public void stop() {
        // The holds stay listed: their holders' releases report them lost (the session was closed).
        connection.stop();
    }
}
