package dev.coordination.agent.zookeeper;

import dev.coordination.agent.deadlock.WaitBoard;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.CuratorEvent;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;

/**
 * The ensemble's board of long waits for deadlock detection: one ephemeral node per JVM under
 * {@code /waits}, holding its waits, so the waits of a JVM leave with its session. A post that
 * changes nothing in the same session writes nothing. Every request is bounded ({@link #BOUND_NANOS}).
 */
final class ZooKeeperWaitBoard implements WaitBoard {

    static final String ROOT = "/waits";
    private static final long BOUND_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final ZooKeeperConnection connection;
    /** What was last written, and in which session epoch; only the detector's thread uses them. */
    private String written;

    private int writtenEpoch = -1;

    ZooKeeperWaitBoard(ZooKeeperConnection connection) {
        this.connection = connection;
    }

    @Override
    public void post(String memberId, String waits) throws InterruptedException {
        CuratorFramework client = connection.connected(BOUND_NANOS);
        int epoch = connection.epoch();
        if (waits.equals(written) && epoch == writtenEpoch) {
            return;
        }
        String path = path(memberId);
        byte[] data = waits.getBytes(StandardCharsets.UTF_8);
        CuratorEvent set = await(
                Calls.send(answer -> client.setData()
                        .inBackground((c, e) -> answer.complete(e))
                        .forPath(path, data)),
                "the waits of " + memberId);
        if (Calls.code(set) == KeeperException.Code.NONODE) {
            Calls.ok(
                    await(
                            Calls.send(answer -> client.create()
                                    .creatingParentContainersIfNeeded()
                                    .withMode(CreateMode.EPHEMERAL)
                                    .inBackground((c, e) -> answer.complete(e))
                                    .forPath(path, data)),
                            "the waits of " + memberId),
                    "the waits of " + memberId);
        } else {
            Calls.ok(set, "the waits of " + memberId);
        }
        written = waits;
        writtenEpoch = epoch;
    }

    @Override
    public void remove(String memberId) throws InterruptedException {
        CuratorFramework client = connection.connected(BOUND_NANOS);
        String path = path(memberId);
        Calls.ok(
                await(
                        Calls.send(answer -> client.delete()
                                .inBackground((c, e) -> answer.complete(e))
                                .forPath(path)),
                        "the waits of " + memberId),
                "the waits of " + memberId,
                KeeperException.Code.NONODE);
        written = null;
    }

    @Override
    public Collection<String> read() throws InterruptedException {
        CuratorFramework client = connection.connected(BOUND_NANOS);
        CuratorEvent listed = await(
                Calls.send(answer -> client.getChildren()
                        .inBackground((c, e) -> answer.complete(e))
                        .forPath(ROOT)),
                "the waits of the ensemble");
        if (Calls.code(listed) == KeeperException.Code.NONODE) {
            return List.of();
        }
        List<String> entries = new ArrayList<>();
        for (String child : Calls.ok(listed, "the waits of the ensemble").getChildren()) {
            String path = ROOT + "/" + child;
            CuratorEvent read = await(
                    Calls.send(answer -> client.getData()
                            .inBackground((c, e) -> answer.complete(e))
                            .forPath(path)),
                    "the waits at " + path);
            if (Calls.code(read) == KeeperException.Code.OK) {
                entries.add(new String(read.getData(), StandardCharsets.UTF_8));
            }
        }
        return entries;
    }

    private static String path(String memberId) {
        return ROOT + "/" + LockNodes.escape(memberId);
    }

    private static CuratorEvent await(CompletableFuture<CuratorEvent> answer, String what) throws InterruptedException {
        return Calls.await(answer, BOUND_NANOS, what);
    }
}
