package dev.coordination.it;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The ZooKeeper topology: an ensemble of three ZooKeeper servers, each a JVM of its own, on hosts
 * 1-3 ({@link ZooKeeperServers}), and three application JVMs on the ZooKeeper backend on hosts 4-6.
 * Session timeout 8 s (the servers allow 1-10 s with their 0.5 s tick).
 */
final class ZooKeeperTopology extends Topology {

    static final Layout LAYOUT = new Layout(
            "zookeeper",
            6,
            List.of(1, 2, 3),
            List.of(4, 5, 6),
            List.of(1, 2, 3, 4, 5, 6),
            weights(),
            TimeUnit.SECONDS.toMillis(SESSION_TTL_SECONDS));

    private final ZooKeeperServers servers;

    ZooKeeperTopology(NetworkLab lab, Path runDir, ChaosStore store, NemesisLog log) {
        super(lab, runDir, store, log);
        this.servers = new ZooKeeperServers(lab, runDir.resolve("zookeeper"), LAYOUT.quorum());
    }

    private static Map<FaultKind, Integer> weights() {
        Map<FaultKind, Integer> weights = new TreeMap<>();
        weights.put(FaultKind.ISOLATE, 10);
        weights.put(FaultKind.HALVES, 8);
        weights.put(FaultKind.BRIDGE, 6);
        weights.put(FaultKind.RING, 5);
        weights.put(FaultKind.ONE_WAY, 7);
        weights.put(FaultKind.ISOLATE_LEADER, 6);
        weights.put(FaultKind.KILL, 8);
        weights.put(FaultKind.PAUSE_SHORT, 8);
        weights.put(FaultKind.PAUSE_LONG, 7);
        weights.put(FaultKind.ZK_KILL, 7);
        weights.put(FaultKind.ZK_PAUSE, 7);
        weights.put(FaultKind.ZK_RESTART, 6);
        return weights;
    }

    @Override
    Layout layout() {
        return LAYOUT;
    }

    @Override
    void start() throws Exception {
        java.nio.file.Files.createDirectories(runDir.resolve("zookeeper"));
        startTogether(List.of(1, 2, 3, 4, 5, 6));
        startAllWorkers();
    }

    @Override
    protected String baseName(int host) {
        return (LAYOUT.isQuorum(host) ? "zk" : "app") + host;
    }

    @Override
    protected Node launch(int host, String name) throws Exception {
        long start = NemesisLog.nowMicros();
        if (LAYOUT.isQuorum(host)) {
            return new Node(name, "zk-server", host, servers.start(host, logDir.resolve(name + ".log")), null, start);
        }
        String args = "backend=zookeeper,zookeeper.connect=" + servers.connectString()
                + ",zookeeper.namespace=chaos,session-ttl=" + SESSION_TTL_SECONDS + ",agent-id=" + name;
        ScenarioClient client = ScenarioClient.startOn(lab, host, name, logDir, args, JVM_OPTIONS);
        return new Node(name, "app", host, client.jvm.process, client, start);
    }

    @Override
    protected void awaitReady(Node node) throws Exception {
        if (node.isApp()) {
            node.client.awaitControlPort(START_SECONDS);
            node.client.ok("WARMUP warmup-" + node.name + " " + START_SECONDS, START_SECONDS + 10);
        } else {
            servers.awaitServing(node.host, node.process, logDir.resolve(node.name + ".log"), START_SECONDS);
        }
    }

    @Override
    OptionalInt leaderHost() {
        for (int host : LAYOUT.quorum()) {
            if (node(host).running() && servers.mode(host).equals("leader")) {
                return OptionalInt.of(host);
            }
        }
        return OptionalInt.empty();
    }
}
