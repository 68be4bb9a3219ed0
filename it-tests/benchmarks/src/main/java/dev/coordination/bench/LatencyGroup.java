package dev.coordination.bench;

import dev.coordination.bench.latency.AgentLatency;
import dev.coordination.bench.latency.FencedLatency;
import dev.coordination.bench.latency.LockContender;
import dev.coordination.bench.latency.PlainHazelcast;
import dev.coordination.bench.latency.ReentrantLatency;
import dev.coordination.support.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;

/**
 * Lock latency and throughput on three topologies, the agent next to hand-written {@code
 * FencedLock} code on Hazelcast 5.4.0 itself (a fork without the agent, its member or client
 * configured as the agent's) and next to {@code ReentrantLock}, all in the same run:
 * <ul>
 *   <li>{@code embedded}: one JVM, an embedded member, unsafe mode (cp-member-count=0);
 *   <li>{@code cp}: a CP subsystem of 3: the benchmark JVM is one of the three CP members, next to
 *       two dedicated members ({@code java -jar coordination-agent.jar member} for the agent, {@link
 *       PlainHazelcast} members for the baseline), and made a follower of the CP group in both;
 *   <li>{@code client}: a client JVM against 3 dedicated members ({@code java -jar
 *       coordination-agent.jar member}, CP subsystem of 3), the same members for agent and baseline.
 * </ul>
 * Uncontended: p50 and p99 of one lock+unlock ({@code Mode.SampleTime}, one thread), in rounds of one
 * fork per side ({@code -Dbench.latency.rounds}, 5 by default), the order turned every round; the
 * p50 ratio of the sides' medians is judged by its 95 % interval. {@code
 * -Dbench.latency.before-agent=JAR} adds an earlier agent jar as a third side, so a change shows
 * before and after in one run. Contended: sections per second of the fork's 4 threads on one name
 * while a second JVM ({@link LockContender}, started by the fork once it is in the cluster) runs 4
 * threads on the same name. Each fork gets a fresh cluster, except the client topology's dedicated
 * members, shared by all its forks after a discarded baseline fork that warms them up. Every extra
 * JVM is killed at the end, also on failure. {@code -Dbench.latency.topologies=embedded,cp,client}
 * picks topologies while developing; {@code -Dbench.latency.profiler=gc} (in the table JVM's own
 * options) adds JMH's GC profiler, {@code =jfr} a flight recording of every fork.
 */
final class LatencyGroup implements BenchmarkGroup {

    private static final long READY_SECONDS = 180;
    private static final int THREADS = 4;
    /** Forks per side for the uncontended figures ({@code -Dbench.latency.rounds}); 5 or more are judged. */
    private static final int ROUNDS = Integer.getInteger("bench.latency.rounds", BenchRow.MIN_SHOTS_TO_JUDGE);
    /** The agent's uncontended p50 over hand-written {@code FencedLock} code's, on every topology. */
    private static final double UNCONTENDED_P50_GOAL = 1.05;

    private static final String LOCK = "bench-latency-lock";
    private static final Pattern CONTENDER_RESULT = Pattern.compile("RESULT sections=(\\d+) seconds=([0-9.]+)");

    enum Topology {
        EMBEDDED("1 JVM, embedded, unsafe mode"),
        CP("3 JVMs, CP subsystem of 3"),
        CLIENT("client JVM, 3 dedicated members");

        final String label;

        Topology(String label) {
            this.label = label;
        }

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One JMH run's outcome: its result, where the fork sat, and the second JVM's rate (contended runs). */
    private static final class Measured {
        final RunResult result;
        final String place;
        final double contenderRate;

        Measured(RunResult result, String place, double contenderRate) {
            this.result = result;
            this.place = place;
            this.contenderRate = contenderRate;
        }

        double percentile(double p) {
            return result.getPrimaryResult().getStatistics().getPercentile(p);
        }

        double score() {
            return result.getPrimaryResult().getScore();
        }
    }

    private BenchContext context;
    private ExtraJvms jvms;
    private Path dir;
    private int runs;

    @Override
    public String name() {
        return "latency";
    }

    @Override
    public List<BenchRow> run(BenchContext context) throws Exception {
        this.context = context;
        this.dir = Files.createDirectories(context.workDir.resolve("latency"));
        List<BenchRow> rows = new ArrayList<>();
        try (ExtraJvms extra = new ExtraJvms()) {
            this.jvms = extra;
            Measured reentrant = jmh(ReentrantLatency.class, false, List.of());
            Measured reentrantContended = jmh(ReentrantLatency.class, true, List.of());
            String only = System.getProperty("bench.latency.topologies", "embedded,cp,client");
            for (Topology topology : Topology.values()) {
                if (List.of(only.split(",")).contains(topology.key())) {
                    rows.addAll(topology(topology, reentrant, reentrantContended));
                }
            }
        }
        return rows;
    }

    /**
     * Who runs a fork: the agent (the jar under test, or an earlier agent jar given with {@code
     * -Dbench.latency.before-agent} to show a change in the same run), or hand-written {@code
     * FencedLock} code without an agent.
     */
    private static final class Side {
        final String key;
        final String label;
        final Path agentJar;

        Side(String key, String label, Path agentJar) {
            this.key = key;
            this.label = label;
            this.agentJar = agentJar;
        }

        boolean agent() {
            return agentJar != null;
        }
    }

    private List<Side> agentSides() {
        List<Side> sides = new ArrayList<>();
        sides.add(new Side("agent", "agent", context.agentJar));
        String before = System.getProperty("bench.latency.before-agent", "");
        if (!before.isBlank()) {
            Path jar = Path.of(before);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalArgumentException("-Dbench.latency.before-agent=" + before + ": no such file");
            }
            sides.add(new Side("before", "earlier agent (" + jar.getFileName() + ")", jar));
        }
        return sides;
    }

    private List<BenchRow> topology(Topology topology, Measured reentrant, Measured reentrantContended)
            throws Exception {
        String clientCluster = null;
        Side fencedSide = new Side("fenced", "FencedLock", null);
        List<Side> agents = agentSides();
        try {
            if (topology == Topology.CLIENT) {
                clientCluster = dedicatedMembers("client");
                // The shared members are cold (interpreted Raft code): without this discarded run
                // the first side measured on them would pay for their warm-up.
                measure(topology, fencedSide, false, clientCluster);
            }
            // Uncontended: rounds of one fork per side, the order turned each round, so that the
            // machine's drift and each fresh cluster's luck fall on every side alike; each fork's
            // p50 and p99 is one shot, and the ratio of the sides' medians is judged by its interval.
            List<Side> order = new ArrayList<>(agents);
            order.add(fencedSide);
            Map<String, List<Measured>> shots = new LinkedHashMap<>();
            for (int round = 0; round < ROUNDS; round++) {
                for (Side side : order) {
                    shots.computeIfAbsent(side.key, k -> new ArrayList<>())
                            .add(measure(topology, side, false, clientCluster));
                }
                Collections.reverse(order);
            }
            List<Measured> fenced = shots.get(fencedSide.key);
            String where = topology == Topology.CP
                    ? " (benchmark JVM: one of the 3 CP members, a follower of the CP group on every side)"
                    : "";
            String on = topology == Topology.CLIENT
                    ? "a client of the same members"
                    : "own member of the same configuration";
            List<BenchRow> rows = new ArrayList<>();
            for (Side side : agents) {
                List<Measured> mine = shots.get(side.key);
                for (double p : new double[] {50, 99}) {
                    List<Double> measured = percentiles(mine, p);
                    List<Double> baseline = percentiles(fenced, p);
                    double ratio = Medians.of(measured) / Medians.of(baseline);
                    double[] interval = MedianRatio.interval95(measured, baseline);
                    String baselineText = String.format(
                            Locale.ROOT,
                            "FencedLock %s µs (%s, no agent; median of %d forks); ReentrantLock %s µs",
                            BenchRow.number(Medians.of(baseline)),
                            on,
                            baseline.size(),
                            BenchRow.number(reentrant.percentile(p)));
                    String measure = topology.label + ": uncontended lock+unlock p" + (int) p + ", " + side.label
                            + where + ", median of " + measured.size() + " forks";
                    rows.add(
                            p == 50
                                    ? BenchRow.judged(
                                            name(),
                                            measure,
                                            Medians.of(measured),
                                            "µs",
                                            baselineText,
                                            ratio,
                                            interval[0],
                                            interval[1],
                                            UNCONTENDED_P50_GOAL,
                                            Math.min(measured.size(), baseline.size()))
                                    : BenchRow.figure(
                                            name(),
                                            measure
                                                    + String.format(
                                                            Locale.ROOT,
                                                            " (95 %% interval of the ratio: %.2f-%.2f)",
                                                            interval[0],
                                                            interval[1]),
                                            Medians.of(measured),
                                            "µs",
                                            baselineText,
                                            ratio));
                }
            }
            Side agent = agents.get(0);
            Measured agentContended = measure(topology, agent, true, clientCluster);
            Measured fencedContended = measure(topology, fencedSide, true, clientCluster);
            rows.add(BenchRow.figure(
                    name(),
                    topology.label + ": contended, 2 JVMs x 4 threads on one name:"
                            + " sections/s of the benchmark JVM's 4 threads",
                    agentContended.score(),
                    "/s",
                    String.format(
                            Locale.ROOT,
                            "FencedLock %s/s; ReentrantLock %s/s (4 threads, 1 JVM)",
                            BenchRow.number(fencedContended.score()),
                            BenchRow.number(reentrantContended.score())),
                    agentContended.score() / fencedContended.score()));
            rows.add(BenchRow.figure(
                    name(),
                    topology.label + ": contended: sections/s of the other JVM's 4" + " threads meanwhile (whole run)",
                    agentContended.contenderRate,
                    "/s",
                    "FencedLock " + BenchRow.number(fencedContended.contenderRate) + "/s",
                    agentContended.contenderRate / fencedContended.contenderRate));
            return rows;
        } finally {
            jvms.killAll();
        }
    }

    private static List<Double> percentiles(List<Measured> forks, double p) {
        List<Double> values = new ArrayList<>();
        for (Measured fork : forks) {
            values.add(fork.percentile(p));
        }
        return values;
    }

    /**
     * One JMH run of one side's benchmark on a topology, with its own cluster (except the client
     * topology's shared members) and, when contended, a second JVM.
     */
    private Measured measure(Topology topology, Side side, boolean contended, String clientCluster) throws Exception {
        int first = FreePorts.block(5, 41000, 59000);
        String cluster = "bench-" + topology.key() + "-" + side.key + "-" + first;
        String fork;
        String other;
        switch (topology) {
            case EMBEDDED:
                // Two unsafe members when contended: the agent refuses to lock there without the opt-in.
                fork = "cluster-name=" + cluster + ",port=" + first + ",members=" + members(first, contended ? 2 : 1)
                        + ",cp-member-count=0" + (contended ? ",allow-unsafe-cluster=true" : "");
                other = "cluster-name=" + cluster + ",port=" + (first + 1) + ",members=" + members(first, 2)
                        + ",cp-member-count=0,allow-unsafe-cluster=true";
                break;
            case CP:
                String cp = "cluster-name=" + cluster + ",members=" + members(first, 3) + ",cp-member-count=3";
                for (int i = 1; i <= 2; i++) {
                    startMember(
                            side.key + "-cp-member" + i + "-" + first,
                            side.agentJar,
                            cp + ",port=" + (first + i) + ",agent-id=" + cluster + "-member" + i);
                }
                fork = cp + ",port=" + first;
                other = "cluster-name=" + cluster + ",members=" + members(first, 3) + ",127.0.0.1:" + (first + 3)
                        + ",cp-member-count=3,port=" + (first + 3);
                break;
            default:
                fork = clientCluster;
                other = clientCluster;
        }
        List<String> args = new ArrayList<>();
        if (side.agent()) {
            args.add("-javaagent:" + side.agentJar.toAbsolutePath() + "=" + fork);
            args.add("-Dbench.latency.mode=" + (topology == Topology.CLIENT ? "client" : "embedded"));
        } else {
            args.add("-Dbench.latency.hazelcast=" + fork);
        }
        Path contenderFile = null;
        if (contended) {
            contenderFile = contender(side.key + "-" + topology.key() + "-" + first, side.agentJar, other);
            args.add("-Dbench.latency.contender=" + contenderFile);
        }
        try {
            Measured measured = jmh(side.agent() ? AgentLatency.class : FencedLatency.class, contended, args);
            if (topology == Topology.CP && !measured.place.contains("follower")) {
                throw new IllegalStateException("the " + side.label + " fork on the CP topology is not a follower of"
                        + " the CP group: " + measured.place);
            }
            double rate = contenderFile == null ? Double.NaN : contenderRate(contenderFile);
            return new Measured(measured.result, measured.place, rate);
        } finally {
            if (topology == Topology.CP) {
                jvms.killAll(); // this run's members; the client topology's are shared by its runs
            }
        }
    }

    private static String members(int first, int count) {
        StringBuilder members = new StringBuilder();
        for (int i = 0; i < count; i++) {
            members.append(i == 0 ? "" : ",").append("127.0.0.1:").append(first + i);
        }
        return members.toString();
    }

    /** Starts 3 dedicated agent members (CP subsystem of 3), waits for them, returns a client's settings. */
    private String dedicatedMembers(String label) throws Exception {
        int first = FreePorts.block(3, 41000, 59000);
        String cluster = "bench-" + label + "-" + first;
        String settings = "cluster-name=" + cluster + ",members=" + members(first, 3) + ",cp-member-count=3";
        List<ExtraJvms.Jvm> started = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            started.add(startMember(
                    label + "-member" + (i + 1) + "-" + first,
                    context.agentJar,
                    settings + ",port=" + (first + i) + ",agent-id=" + cluster + "-member" + (i + 1)));
        }
        for (ExtraJvms.Jvm member : started) {
            member.awaitReady(" ready in ", null, READY_SECONDS);
        }
        return "mode=client,cluster-name=" + cluster + ",members=" + members(first, 3);
    }

    /** A dedicated member: {@code java -jar AGENT member}, or a plain Hazelcast member when {@code agentJar} is null. */
    private ExtraJvms.Jvm startMember(String name, Path agentJar, String settings) throws Exception {
        List<String> command = agentJar != null
                ? List.of(ExtraJvms.java(), "-jar", agentJar.toAbsolutePath().toString(), "member", settings)
                : List.of(
                        ExtraJvms.java(),
                        "-cp",
                        BenchContext.classPath(),
                        PlainHazelcast.class.getName(),
                        settings,
                        dir.resolve(name + ".ready").toString());
        return jvms.start(name, dir, command);
    }

    /** Writes the contender's command for the fork to start (first line: its ready file). */
    private Path contender(String name, Path agentJar, String settings) throws Exception {
        boolean agent = agentJar != null;
        Path ready = dir.resolve("contender-" + name + ".ready");
        List<String> lines = new ArrayList<>();
        lines.add(ready.toString());
        lines.add(ExtraJvms.java());
        lines.add("-cp");
        lines.add(BenchContext.classPath());
        if (agent) {
            lines.add("-javaagent:" + agentJar.toAbsolutePath() + "=" + settings);
        }
        lines.add(LockContender.class.getName());
        lines.add(agent ? "agent" : "fenced");
        lines.add(LOCK);
        lines.add(Integer.toString(THREADS));
        lines.add(ready.toString());
        if (!agent) {
            lines.add(settings);
        }
        Path file = dir.resolve("contender-" + name + ".cmd");
        Files.write(file, lines);
        return file;
    }

    private static double contenderRate(Path commandFile) throws Exception {
        Path log = commandFile.resolveSibling(commandFile.getFileName() + ".log");
        String output = Files.exists(log) ? Files.readString(log) : "";
        Matcher matcher = CONTENDER_RESULT.matcher(output);
        if (!matcher.find()) {
            return Double.NaN;
        }
        return Long.parseLong(matcher.group(1)) / Double.parseDouble(matcher.group(2));
    }

    private Measured jmh(Class<?> benchmark, boolean contended, List<String> jvmArgs) throws Exception {
        Path report = dir.resolve("fork-" + (++runs) + ".txt");
        Files.deleteIfExists(report);
        ChainedOptionsBuilder options = context.jmh(Pattern.quote(benchmark.getName() + ".section") + "$")
                .jvmArgsAppend(with(jvmArgs, "-Dbench.latency.report=" + report, "-Dbench.latency.name=" + LOCK));
        if (contended) {
            options.mode(Mode.Throughput).timeUnit(TimeUnit.SECONDS).threads(THREADS);
        } else {
            options.mode(Mode.SampleTime).timeUnit(TimeUnit.MICROSECONDS).threads(1);
        }
        String profiler = System.getProperty("bench.latency.profiler", "");
        if (profiler.equals("gc")) {
            options.addProfiler(org.openjdk.jmh.profile.GCProfiler.class);
        } else if (profiler.equals("jfr")) {
            // One recording per fork, under target/bench/latency/jfr-N, to compare the sides' profiles.
            options.addProfiler(
                    org.openjdk.jmh.profile.JavaFlightRecorderProfiler.class,
                    "dir=" + dir.resolve("jfr-" + runs).toAbsolutePath() + ";configName=profile");
        }
        RunResult result = new Runner(options.build()).run().iterator().next();
        String place = Files.exists(report) ? Files.readString(report).trim() : "";
        return new Measured(result, place, Double.NaN);
    }

    private static String[] with(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all.toArray(new String[0]);
    }
}
