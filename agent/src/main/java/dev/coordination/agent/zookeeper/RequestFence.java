package dev.coordination.agent.zookeeper;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.CuratorEvent;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * The fence of a request node: its {@code czxid}, from the create's answer. When the connection
 * was lost during the create, Curator finds the node again by its protection prefix and answers
 * without the node's stat; the server is then asked for it. {@code 0} when the node is gone (its
 * session ended).
 */
final class RequestFence {

    private RequestFence() {}

    static long of(CuratorFramework client, CuratorEvent created, long boundNanos) throws InterruptedException {
        Stat stat = created.getStat();
        if (stat != null && stat.getCzxid() != 0) {
            return stat.getCzxid();
        }
        String what = "the lock request node " + created.getName();
        CuratorEvent checked = Calls.await(
                Calls.send(answer -> client.checkExists()
                        .inBackground((c, event) -> answer.complete(event))
                        .forPath(created.getName())),
                boundNanos,
                what);
        if (Calls.code(checked) == KeeperException.Code.NONODE) {
            return 0;
        }
        return Calls.ok(checked, what).getStat().getCzxid();
    }
}
