package dev.coordination.agent.zookeeper;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/** Ends a backend's ZooKeeper session at the server, as an expiry would, for tests. */
final class Sessions {

    private Sessions() {}

    /**
     * Joins the backend's session from a second handle and closes it there: the server ends the
     * session and deletes its ephemeral nodes at once. Returns once the backend saw the session lost.
     */
    static void expire(ZooKeeperConnection connection, String connectString) throws Exception {
        int epoch = connection.epoch();
        ZooKeeper own = connection.client().getZookeeperClient().getZooKeeper();
        CountDownLatch joined = new CountDownLatch(1);
        ZooKeeper intruder = new ZooKeeper(
                connectString,
                10_000,
                event -> {
                    if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                        joined.countDown();
                    }
                },
                own.getSessionId(),
                own.getSessionPasswd());
        if (!joined.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("could not join the backend's session within 10 s");
        }
        intruder.close();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (connection.epoch() == epoch) {
            if (System.nanoTime() > until) {
                throw new AssertionError("the backend did not see its session end within 20 s");
            }
            Thread.sleep(20); // polls a volatile counter that a Curator thread moves
        }
    }
}
