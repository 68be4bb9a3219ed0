package dev.coordination.agent.zookeeper;

import dev.coordination.agent.runtime.BackendLockLostException;
import dev.coordination.agent.runtime.BackendUnavailableException;
import dev.coordination.agent.runtime.Deadline;
import dev.coordination.agent.runtime.LockTimings;
import dev.coordination.agent.runtime.StripeLock;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.CuratorEvent;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;

/**
 * The lock of one name in ZooKeeper, after the recipe in ZooKeeper's documentation: each thread
 * that wants it adds an ephemeral sequential node under the name's container node, the lowest node
 * holds it, and each other waits for the deletion of the node just before its own (no herd). The
 * fence is the holder node's {@code czxid}: ZooKeeper's global transaction id, which grows across
 * names, client restarts and leader changes. A handle, made per call; what this JVM holds is in the
 * backend's table of {@link Held} names. Agent jar, system class loader.
 */
final class ZooKeeperLock implements StripeLock {

    /**
     * An answer that shows this thread's node first is taken as a grant only when seen within this
     * of its request: the session then lives for about a session timeout (at least 2 s) from the
     * request, so for a while yet. One seen later is asked again.
     */
    private static final long LATE_ANSWER_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final ZooKeeperLockBackend backend;
    private final String fullName;
    private final String parent;

    ZooKeeperLock(ZooKeeperLockBackend backend, String fullName) {
        this.backend = backend;
        this.fullName = fullName;
        this.parent = LockNodes.parentOf(fullName);
    }

    @Override
    public String name() {
        return fullName;
    }

    @Override
    public long acquire(Deadline deadline, long startNanos, long nameTag) throws InterruptedException {
        Thread me = Thread.currentThread();
        Held mine = backend.held(fullName);
        if (mine != null && mine.owner == me) {
            mine.count++;
            return mine.fence;
        }
        while (true) {
            long fence = request(me, deadline, startNanos);
            if (fence != SESSION_ENDED) {
                return fence;
            }
            if (!deadline.waits() || deadline.remainingNanos(System.nanoTime()) == 0) {
                throw new BackendUnavailableException(
                        "the ZooKeeper session ended while waiting for lock \"" + fullName
                                + "\" (its request node is gone)",
                        null);
            }
            // The session ended under the wait (this JVM was stopped, or cut off, for a session
            // timeout): nothing of it was held; the client opens a new one, and the call waits on in it.
        }
    }

    /** What {@link #request} returns when its node was deleted with its session before it was granted. */
    private static final long SESSION_ENDED = -1;

    /** One request node, from its creation until it holds the lock, or the deadline, or its session's end. */
    private long request(Thread me, Deadline deadline, long startNanos) throws InterruptedException {
        ZooKeeperConnection connection = backend.connection();
        CuratorFramework client = connection.connected(connectLeft(deadline, startNanos));
        int epoch = connection.epoch();
        byte[] data = backend.memberId().getBytes(StandardCharsets.UTF_8);
        CompletableFuture<CuratorEvent> creating = Calls.send(answer -> client.create()
                .creatingParentContainersIfNeeded()
                .withProtection()
                .withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
                .inBackground((c, event) -> answer.complete(event))
                .forPath(parent + "/" + LockNodes.NODE_PREFIX, data));
        String node = null;
        boolean granted = false;
        try {
            CuratorEvent created = Calls.ok(
                    Calls.await(
                            creating, answerLeft(deadline, startNanos), "the lock request for \"" + fullName + "\""),
                    "the lock request for \"" + fullName + "\"");
            node = created.getName();
            long fence = RequestFence.of(client, created, answerLeft(deadline, startNanos));
            if (fence == 0) {
                return SESSION_ENDED;
            }
            while (true) {
                long asked = System.nanoTime();
                List<String> queue = children(client, answerLeft(deadline, startNanos));
                String own = node.substring(node.lastIndexOf('/') + 1);
                int place = queue.indexOf(own);
                if (place < 0) {
                    return SESSION_ENDED;
                }
                if (place == 0 && System.nanoTime() - asked >= LATE_ANSWER_NANOS) {
                    // Seen late (the JVM was stopped, or the answer held up): the session may have
                    // ended since and the node with it. A new answer, seen in time, tells.
                    continue;
                }
                if (place == 0) {
                    backend.granted(fullName, new Held(me, node, fence, epoch));
                    granted = true;
                    return fence;
                }
                if (!deadline.waits()) {
                    return 0;
                }
                if (!awaitTurn(client, parent + "/" + queue.get(place - 1), deadline, startNanos, epoch)) {
                    return 0;
                }
            }
        } finally {
            if (!granted) {
                backend.withdraw(creating, node);
            }
        }
    }

    /** The request nodes under the name, in grant order. */
    private List<String> children(CuratorFramework client, long boundNanos) throws InterruptedException {
        CuratorEvent listed = Calls.ok(
                Calls.await(
                        Calls.send(answer -> client.getChildren()
                                .inBackground((c, event) -> answer.complete(event))
                                .forPath(parent)),
                        boundNanos,
                        "the queue of lock \"" + fullName + "\""),
                "the queue of lock \"" + fullName + "\"");
        return LockNodes.inOrder(listed.getChildren());
    }

    /**
     * Waits until the node before this thread's is deleted: {@code true} then (look again), {@code
     * false} at the deadline. A wait without a deadline fails once the connection has been down for
     * {@link LockTimings#UNANSWERED_NANOS}, and any wait fails when the session ends under it.
     */
    private boolean awaitTurn(CuratorFramework client, String before, Deadline deadline, long startNanos, int epoch)
            throws InterruptedException {
        CountDownLatch deleted = new CountDownLatch(1);
        CuratorEvent watched = Calls.await(
                Calls.send(answer -> client.getData()
                        .usingWatcher((org.apache.zookeeper.Watcher) event -> deleted.countDown())
                        .inBackground((c, event) -> answer.complete(event))
                        .forPath(before)),
                answerLeft(deadline, startNanos),
                "the watch on lock \"" + fullName + "\"");
        if (Calls.code(watched) == KeeperException.Code.NONODE) {
            return true;
        }
        Calls.ok(watched, "the watch on lock \"" + fullName + "\"");
        long downSince = 0;
        while (true) {
            long now = System.nanoTime();
            long left = deadline.remainingNanos(now);
            if (left <= 0) {
                return false;
            }
            if (deleted.await(Math.min(left, LockTimings.INTERRUPT_CHECK_NANOS * 5), TimeUnit.NANOSECONDS)) {
                return true;
            }
            ZooKeeperConnection connection = backend.connection();
            if (connection.epoch() != epoch) {
                throw new BackendUnavailableException(
                        "the ZooKeeper session ended while waiting for lock \"" + fullName + "\"", null);
            }
            if (connection.isConnected()) {
                downSince = 0;
            } else if (downSince == 0) {
                downSince = System.nanoTime();
            } else if (!deadline.bounded() && System.nanoTime() - downSince > LockTimings.UNANSWERED_NANOS) {
                throw new BackendUnavailableException(
                        "ZooKeeper at " + connection.connect()
                                + " has not answered for "
                                + TimeUnit.NANOSECONDS.toSeconds(LockTimings.UNANSWERED_NANOS)
                                + " s while waiting for lock \"" + fullName + "\"",
                        null);
            }
        }
    }

    /**
     * How long this call may wait for a connection: to its deadline itself, not to the answer bound
     * past it, so that the failure is built and thrown within that bound (a call with a 2 s timeout
     * and no quorum failed after 2.21 s when this wait took the whole grace).
     */
    private static long connectLeft(Deadline deadline, long startNanos) {
        if (deadline.waits() && deadline.bounded()) {
            return Math.max(1, deadline.remainingNanos(System.nanoTime()));
        }
        return answerLeft(deadline, startNanos);
    }

    /** How long a request of this call may take: to the deadline's answer bound, or 4.8 s, or 30 s. */
    private static long answerLeft(Deadline deadline, long startNanos) {
        long now = System.nanoTime();
        if (!deadline.waits()) {
            return Math.max(1, startNanos + LockTimings.NO_WAIT_ANSWER_NANOS - now);
        }
        if (!deadline.bounded()) {
            return LockTimings.UNANSWERED_NANOS;
        }
        return Math.max(1, deadline.answerLeftNanos(now));
    }

    @Override
    public Holder holder(long nameTag, long boundNanos) {
        Held held = backend.held(fullName);
        if (held != null) {
            return Holder.SAME_NAME;
        }
        CuratorFramework client = backend.connection().client();
        if (client == null) {
            return Holder.UNKNOWN;
        }
        try {
            CuratorEvent listed = Calls.await(
                    Calls.send(answer -> client.getChildren()
                            .inBackground((c, event) -> answer.complete(event))
                            .forPath(parent)),
                    boundNanos,
                    "who holds lock \"" + fullName + "\"");
            if (Calls.code(listed) == KeeperException.Code.NONODE
                    || Calls.code(listed) == KeeperException.Code.OK
                            && listed.getChildren().isEmpty()) {
                return Holder.NOBODY;
            }
            return Calls.code(listed) == KeeperException.Code.OK ? Holder.OTHER_JVM : Holder.UNKNOWN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Holder.UNKNOWN;
        } catch (RuntimeException e) {
            return Holder.UNKNOWN;
        }
    }

    @Override
    public void release() {
        releaseWithin(LockTimings.UNANSWERED_NANOS);
    }

    /**
     * Deletes this thread's node, waiting at most {@code boundNanos} for ZooKeeper to take it; the
     * delete is guaranteed (Curator sends it again until the session ends), so past the bound it goes
     * on in the background. The name leaves the table of held names first: a new request of this
     * thread adds a node of its own behind the old one, and waits for its delete like anybody's.
     */
    @Override
    public void releaseWithin(long boundNanos) {
        Held held = backend.held(fullName);
        if (held == null || held.owner != Thread.currentThread()) {
            throw new IllegalMonitorStateException(
                    "lock \"" + fullName + "\" is not held by " + Thread.currentThread());
        }
        if (--held.count > 0) {
            return;
        }
        backend.released(fullName, held);
        backend.deleteNode(held, fullName, boundNanos);
    }

    static BackendLockLostException lost(String fullName, String why) {
        return new BackendLockLostException("lock \"" + fullName + "\" was lost: " + why, null);
    }
}
