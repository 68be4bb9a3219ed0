package dev.coordination.it;

import dev.coordination.it.ScenarioClient.Reply;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The Hazelcast topology: three application JVMs that are embedded CP members (a CP subsystem of
 * three) on hosts 1-3, two client-mode application JVMs connected to them on hosts 4-5, and host 6
 * for the operator's {@code cp} commands ({@link CpOperator}), which the nemesis never cuts off.
 * Session TTL 8 s with a heartbeat every second, so sessions expire within a run.
 */
final class HazelcastTopology extends Topology {

    static final String CLUSTER = "chaos";
    static final int OPERATOR_HOST = 6;
    /** How long each step of a member replacement may take before it counts as failed. */
    private static final long REPLACE_STEP_SECONDS = 60;

    static final Layout LAYOUT = new Layout(
            "hazelcast",
            6,
            List.of(1, 2, 3),
            List.of(1, 2, 3, 4, 5),
            List.of(1, 2, 3, 4, 5),
            weights(),
            TimeUnit.SECONDS.toMillis(SESSION_TTL_SECONDS));

    private final CpOperator operator;

    HazelcastTopology(NetworkLab lab, Path runDir, ChaosStore store, NemesisLog log) {
        super(lab, runDir, store, log);
        this.operator = new CpOperator(lab, OPERATOR_HOST, logDir, memberSettings(OPERATOR_HOST, "chaos-operator"));
    }

    private static Map<FaultKind, Integer> weights() {
        Map<FaultKind, Integer> weights = new TreeMap<>();
        weights.put(FaultKind.ISOLATE, 10);
        weights.put(FaultKind.HALVES, 8);
        weights.put(FaultKind.BRIDGE, 6);
        weights.put(FaultKind.RING, 5);
        weights.put(FaultKind.ONE_WAY, 7);
        weights.put(FaultKind.ISOLATE_LEADER, 8);
        weights.put(FaultKind.KILL, 8);
        weights.put(FaultKind.PAUSE_SHORT, 8);
        weights.put(FaultKind.PAUSE_LONG, 7);
        weights.put(FaultKind.REPLACE_MEMBER, 6);
        return weights;
    }

    @Override
    Layout layout() {
        return LAYOUT;
    }

    @Override
    void start() throws Exception {
        startTogether(List.of(1, 2, 3, 4, 5));
        startAllWorkers();
    }

    @Override
    protected String baseName(int host) {
        return (host <= 3 ? "cp" : "cl") + host;
    }

    private String members() {
        List<String> members = new ArrayList<>();
        for (int host = 1; host <= 3; host++) {
            members.add(lab.address(host) + ":" + LabCluster.PORT);
        }
        return String.join(",", members);
    }

    /**
     * The CP members log at {@code trace}, which lets Hazelcast's INFO lines through (member lists,
     * joins, merges, Raft leaders): what a run that ends without a leader on one side needs to be
     * understood afterwards.
     */
    private String memberSettings(int host, String agentId) {
        return "cluster-name=" + CLUSTER + ",interface=" + lab.address(host) + ",port=" + LabCluster.PORT
                + ",members=" + members() + ",agent-id=" + agentId + ",cp-member-count=3,session-ttl="
                + SESSION_TTL_SECONDS + ",heartbeat=1,log-level=trace";
    }

    @Override
    protected Node launch(int host, String name) throws Exception {
        String args = host <= 3
                ? memberSettings(host, name)
                : "mode=client,cluster-name=" + CLUSTER + ",members=" + members() + ",agent-id=" + name;
        long start = NemesisLog.nowMicros();
        ScenarioClient client = ScenarioClient.startOn(lab, host, name, logDir, args, JVM_OPTIONS);
        return new Node(name, host <= 3 ? "cp-member" : "client", host, client.jvm.process, client, start);
    }

    @Override
    protected void awaitReady(Node node) throws Exception {
        node.client.awaitControlPort(START_SECONDS);
        node.client.ok("WARMUP warmup-" + node.name + " " + START_SECONDS, START_SECONDS + 10);
    }

    /** The leader of CP group {@code default} as the running members say, the one of the highest term. */
    @Override
    OptionalInt leaderHost() {
        long bestTerm = -1;
        OptionalInt best = OptionalInt.empty();
        for (int host : LAYOUT.quorum()) {
            Node node = node(host);
            if (!node.running()) {
                continue;
            }
            try {
                Reply groups = node.client.ok("CPGROUPS", 5);
                long term = groups.number("default.term");
                String leader = groups.get("default.leader");
                for (int candidate : LAYOUT.quorum()) {
                    if (leader.equals(lab.address(candidate) + ":" + LabCluster.PORT) && term > bestTerm) {
                        bestTerm = term;
                        best = OptionalInt.of(candidate);
                    }
                }
            } catch (AssertionError | Exception e) {
                // cut off, or between leaders: ask the others
            }
        }
        return best;
    }

    /**
     * The operations page's procedure: the member's JVM is killed, a fresh JVM starts in its place
     * (same address, new member), {@code cp remove-missing} once {@code cp status} lists the dead
     * member as missing, and the replacement promotes itself into the CP groups. Each step is bounded;
     * a step that fails is reported in the returned text (starting with {@code failed}), never hidden.
     */
    @Override
    String replaceMember(int host) throws Exception {
        String before = awaitHealthy();
        if (!before.isEmpty()) {
            // The operations page: never replace a member while the group is not whole and agreed;
            // killing one of two reachable members would take the majority away.
            return "failed: " + before + "not replaced";
        }
        long begin = System.nanoTime();
        String dead = node(host).name;
        kill(host);
        Node fresh;
        try {
            fresh = startOn(host);
        } catch (AssertionError e) {
            return "failed: " + before + "the fresh JVM on host " + host + " did not take its first lock: "
                    + firstLine(e);
        }
        String missing = operator.awaitStatus(status -> status.contains("MISSING"), REPLACE_STEP_SECONDS);
        if (!missing.contains("MISSING")) {
            return "failed: " + before + "cp status never listed " + dead + " as missing within " + REPLACE_STEP_SECONDS
                    + " s; last: " + oneLine(missing);
        }
        CpOperator.Result removed = operator.run("remove-missing");
        if (removed.exit() != 0 || !removed.out().contains("removed missing CP member")) {
            return "failed: " + before + "cp remove-missing: exit " + removed.exit() + ": " + oneLine(removed.out())
                    + " / " + tail(removed.err());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(REPLACE_STEP_SECONDS);
        String groups = "";
        while (System.nanoTime() < deadline) {
            try {
                groups = fresh.client.ok("CPGROUPS", 10).line;
            } catch (AssertionError e) {
                groups = firstLine(e);
            }
            if (groups.contains("default.role=") && groups.contains("METADATA.role=")) {
                break;
            }
            Thread.sleep(500); // polls the replacement's own view of its CP groups
        }
        String status = operator.awaitStatus(s -> s.contains("CP members: 3") && !s.contains("MISSING"), 20);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
        boolean promoted = groups.contains("default.role=") && groups.contains("METADATA.role=");
        boolean present = status.contains("CP members: 3") && !status.contains("MISSING");
        return (promoted && present ? "" : "failed: ") + before + dead + " replaced by " + fresh.name + " in "
                + String.format("%.1f", millis / 1000.0) + " s; "
                + (promoted
                        ? "it joined CP groups default and METADATA"
                        : "it is not in CP groups default and METADATA: " + groups)
                + "; " + (present ? "cp status: 3 CP members, all present" : "cp status: " + oneLine(status));
    }

    /**
     * The procedure starts from a healthy CP group, as an operator's would: every CP member in the
     * cluster and one leader of {@code default} that all of them know (after a long pause or cut a
     * member may still be merging back). Waits a bounded time; returns what was wrong if it never got
     * there, to be read in the fault's detail, and goes on.
     */
    private String awaitHealthy() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(REPLACE_STEP_SECONDS);
        String leaders = "";
        while (System.nanoTime() < deadline) {
            List<String> seen = new ArrayList<>();
            for (int host : LAYOUT.quorum()) {
                try {
                    seen.add(node(host).client.ok("CPGROUPS", 5).get("default.leader"));
                } catch (AssertionError | Exception e) {
                    seen.add("no answer");
                }
            }
            leaders = String.join(",", seen);
            if (seen.stream().distinct().count() == 1 && seen.get(0).startsWith("10.213.")) {
                String status = operator.run("status").out();
                if (status.contains("CP members: 3") && !status.contains("MISSING")) {
                    return "";
                }
                leaders += "; cp status: " + oneLine(status);
            }
            Thread.sleep(1_000); // the members' view changes on its own; ask again
        }
        return "the CP group was not healthy after " + REPLACE_STEP_SECONDS + " s (leaders seen: " + leaders + "), ";
    }

    private static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage());
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    /** The end of a long log, for a line of {@code nemesis.tsv}. */
    private static String tail(String text) {
        String line = oneLine(text);
        return line.length() <= 400 ? line : "..." + line.substring(line.length() - 400);
    }

    private static String oneLine(String text) {
        return text.trim().replaceAll("\\s*\n\\s*", " / ");
    }
}
