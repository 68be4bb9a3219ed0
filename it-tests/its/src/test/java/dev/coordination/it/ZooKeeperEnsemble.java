package dev.coordination.it;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.apache.curator.test.TestingServer;

/**
 * Real ZooKeeper servers inside the test JVM (Curator's {@code curator-test}), on 127.0.0.1 only,
 * with a short tick (0.5 s) so that session timeouts from 1 s to 10 s are allowed and a test of an
 * expiry takes seconds, not the default's half minute.
 */
final class ZooKeeperEnsemble {

    static final int TICK_MILLIS = 500;

    private ZooKeeperEnsemble() {}

    static InstanceSpec spec(int serverId, Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>(extra);
        properties.put("clientPortAddress", "127.0.0.1");
        return new InstanceSpec(null, -1, -1, -1, true, serverId, TICK_MILLIS, -1, properties, "127.0.0.1");
    }

    /** One server, started. */
    static TestingServer server(Map<String, Object> extra) throws Exception {
        return new TestingServer(spec(1, extra), true);
    }

    /** An ensemble of {@code size}, started. */
    static TestingCluster cluster(int size) throws Exception {
        List<InstanceSpec> specs = new ArrayList<>();
        for (int id = 1; id <= size; id++) {
            specs.add(spec(id, Map.of()));
        }
        TestingCluster cluster = new TestingCluster(specs);
        cluster.start();
        return cluster;
    }

    /** The agent arguments of a JVM on the ZooKeeper backend at {@code connect}. */
    static String agentArgs(String connect, String namespace, int sessionTtlSeconds, String extra) {
        return "backend=zookeeper,zookeeper.connect=" + connect + ",zookeeper.namespace=" + namespace + ",session-ttl="
                + sessionTtlSeconds + ",heartbeat=1" + (extra.isEmpty() ? "" : "," + extra);
    }
}
