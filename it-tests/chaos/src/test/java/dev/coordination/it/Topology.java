package dev.coordination.it;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The processes of one chaos run, one per host of the lab, with what the nemesis asks of them:
 * start one (and its successor after a kill, under a new name), its workers, the current leader,
 * and at the end, stop the workers and every process. Every JVM and server is logged in {@code
 * nemesis.tsv} when it is ready and when it goes.
 */
abstract class Topology implements AutoCloseable {

    /** The shared names every worker locks, few enough that calls meet all the time. */
    static final List<String> NAMES = List.of("volume-1", "volume-2", "volume-3", "volume-4");

    static final int THREADS = 2;
    static final int SESSION_TTL_SECONDS = 8;
    static final long START_SECONDS = 90;
    /** Small heaps and the serial collector: six JVMs share two cores with the rest of the build. */
    static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC");

    final NetworkLab lab;
    final Path runDir;
    final Path logDir;
    final ChaosStore store;
    final NemesisLog log;
    private final Map<Integer, Node> nodes = new ConcurrentHashMap<>();
    private final Map<Integer, Integer> incarnations = new ConcurrentHashMap<>();
    private final List<Node> everyNode = Collections.synchronizedList(new ArrayList<>());

    Topology(NetworkLab lab, Path runDir, ChaosStore store, NemesisLog log) {
        this.lab = lab;
        this.runDir = runDir;
        this.logDir = runDir.resolve("logs");
        this.store = store;
        this.log = log;
    }

    abstract Layout layout();

    /** Starts every process, waits until each serves, then starts the workers of every application JVM. */
    abstract void start() throws Exception;

    /** The process of host {@code host}, started under {@code name}; not ready yet. */
    protected abstract Node launch(int host, String name) throws Exception;

    /** Waits until the node serves: an application JVM took a first lock, a server joined its quorum. */
    protected abstract void awaitReady(Node node) throws Exception;

    /** The name of the first process of a host ({@code cp1}); its successors get {@code -2}, {@code -3}. */
    protected abstract String baseName(int host);

    /** The host of the current leader, as the processes see it, if one is known within a few seconds. */
    abstract OptionalInt leaderHost();

    /** Replaces the CP member on {@code host}; returns what happened, for {@code nemesis.tsv}. */
    String replaceMember(int host) throws Exception {
        throw new UnsupportedOperationException(layout().backend() + " has no CP members to replace");
    }

    Node node(int host) {
        Node node = nodes.get(host);
        if (node == null) {
            throw new IllegalStateException("no process on host " + host);
        }
        return node;
    }

    /** The current process of each host, by host. */
    Map<Integer, Node> current() {
        return new TreeMap<>(nodes);
    }

    /** Starts the processes of {@code hosts} together, and waits until all serve. */
    void startTogether(List<Integer> hosts) throws Exception {
        List<Node> started = new ArrayList<>();
        for (int host : hosts) {
            started.add(launchNext(host));
        }
        List<Thread> waits = new ArrayList<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        for (Node node : started) {
            Thread wait = new Thread(() -> {
                try {
                    awaitReady(node);
                    log.jvm(node.name, node.role, node.host, node.startMicros, NemesisLog.nowMicros());
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            wait.start();
            waits.add(wait);
        }
        for (Thread wait : waits) {
            wait.join();
        }
        if (!failures.isEmpty()) {
            AssertionError error = new AssertionError(
                    "processes did not start: " + failures.get(0).getMessage());
            failures.forEach(error::addSuppressed);
            throw error;
        }
    }

    /**
     * A fresh process in the place of the host's last one: waits until it serves (or until it is
     * plainly not going to), logs it, and starts its workers. A fresh JVM that never serves is logged
     * without a ready time and still runs its workers, whose calls then show why.
     */
    Node startOn(int host) throws Exception {
        Node node = launchNext(host);
        long ready = -1;
        try {
            awaitReady(node);
            ready = NemesisLog.nowMicros();
        } finally {
            log.jvm(node.name, node.role, node.host, node.startMicros, ready);
            if (node.isApp() && node.process.isAlive()) {
                startWorkers(node);
            }
        }
        return node;
    }

    private Node launchNext(int host) throws Exception {
        int incarnation = incarnations.merge(host, 1, Integer::sum);
        Node node = launch(host, baseName(host) + (incarnation == 1 ? "" : "-" + incarnation));
        everyNode.add(node);
        nodes.put(host, node);
        return node;
    }

    void startWorkers(Node node) throws Exception {
        node.client.ok("CHAOS " + runDir + " " + store.socket() + " " + THREADS + " " + String.join(",", NAMES), 30);
    }

    /** Every application JVM starts its workers. */
    void startAllWorkers() throws Exception {
        for (Node node : current().values()) {
            if (node.isApp()) {
                startWorkers(node);
            }
        }
    }

    /** SIGKILL to the host's process, logged as gone. */
    void kill(int host) throws Exception {
        Node node = node(host);
        node.kill();
        log.gone(node.name, NemesisLog.nowMicros());
    }

    /** SIGTERM to the host's process (bounded, then SIGKILL), logged as gone. */
    void terminate(int host) throws Exception {
        Node node = node(host);
        node.terminate(20);
        log.gone(node.name, NemesisLog.nowMicros());
    }

    /**
     * Stops the workers of every running application JVM, each bounded by {@code seconds}; returns
     * each JVM's reply ({@code OK calls=N}, or an error naming the calls that did not end).
     */
    Map<String, String> stopWorkers(long seconds) throws Exception {
        List<Node> apps = nodes.values().stream()
                .filter(node -> node.isApp() && node.running())
                .toList();
        List<String> replies = ScenarioCluster.onEach(
                apps.stream().map(node -> node.client).toList(),
                client -> client.send("CHAOSSTOP " + seconds, seconds + 30).line);
        Map<String, String> byJvm = new TreeMap<>();
        for (int i = 0; i < apps.size(); i++) {
            byJvm.put(apps.get(i).name, replies.get(i));
        }
        return byJvm;
    }

    /** Ends every process still running, each logged as gone. */
    void stopAll() throws Exception {
        for (Node node : nodes.values()) {
            if (node.process.isAlive()) {
                node.kill();
                log.gone(node.name, NemesisLog.nowMicros());
            }
        }
    }

    @Override
    public void close() {
        List<Node> all;
        synchronized (everyNode) {
            all = new ArrayList<>(everyNode);
        }
        for (Node node : all) {
            node.process.destroyForcibly();
        }
        for (Node node : all) {
            try {
                node.process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
