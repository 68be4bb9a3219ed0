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
import java.util.List;
import java.util.Locale;
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
 * Uncontended: p50 and p99 of one lock+unlock ({@code Mode.SampleTime}, one thread). Contended:
 * sections per second of the fork's 4 threads on one name while a second JVM ({@link LockContender},
 * started by the fork once it is in the cluster) runs 4 threads on the same name. Each
 * measurement gets a fresh cluster, except the client topology's dedicated members, shared by its
 * four runs after a discarded baseline run that warms them up. Every extra JVM is killed at the end, also on failure. {@code
 * -Dbench.latency.topologies=embedded,cp,client} picks topologies while developing; {@code
 * -Dbench.latency.profiler=gc} (in the table JVM's own options) adds JMH's GC profiler.
 */
final class LatencyGroup implements BenchmarkGroup {

    private static final long READY_SECONDS = 180;
    private static final int THREADS = 4;
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

    private List<BenchRow> topology(Topology topology, Measured reentrant, Measured reentrantContended)
            throws Exception {
        String clientCluster = null;
        try {
            if (topology == Topology.CLIENT) {
                clientCluster = dedicatedMembers("client");
                // The shared members are cold (interpreted Raft code): without this discarded run
                // the first side measured on them would pay for their warm-up.
                measure(topology, false, false, clientCluster);
            }
            Measured agent = measure(topology, true, false, clientCluster);
            Measured fenced = measure(topology, false, false, clientCluster);
            Measured agentContended = measure(topology, true, true, clientCluster);
            Measured fencedContended = measure(topology, false, true, clientCluster);

            String where = topology == Topology.CP
                    ? " (benchmark JVM: one of the 3 CP members, " + agent.place + "; baseline: " + fenced.place + ")"
                    : "";
            String on = topology == Topology.CLIENT
                    ? "a client of the same members"
                    : "own member of the same configuration";
            List<BenchRow> rows = new ArrayList<>();
            for (double p : new double[] {50, 99}) {
                rows.add(BenchRow.figure(
                        name(),
                        topology.label + ": uncontended lock+unlock p" + (int) p + where,
                        agent.percentile(p),
                        "µs",
                        String.format(
                                Locale.ROOT,
                                "FencedLock %s µs (%s, no agent); ReentrantLock %s µs",
                                BenchRow.number(fenced.percentile(p)),
                                on,
                                BenchRow.number(reentrant.percentile(p))),
                        agent.percentile(p) / fenced.percentile(p)));
            }
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

    /**
     * One JMH run of the agent's or the baseline's benchmark on a topology, with its own cluster
     * (except the client topology's shared members) and, when contended, a second JVM.
     */
    private Measured measure(Topology topology, boolean agent, boolean contended, String clientCluster)
            throws Exception {
        String side = agent ? "agent" : "fenced";
        int first = FreePorts.block(5, 41000, 59000);
        String cluster = "bench-" + topology.key() + "-" + side + "-" + first;
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
                            side + "-cp-member" + i + "-" + first,
                            agent,
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
        if (agent) {
            args.add("-javaagent:" + context.agentJar.toAbsolutePath() + "=" + fork);
            args.add("-Dbench.latency.mode=" + (topology == Topology.CLIENT ? "client" : "embedded"));
        } else {
            args.add("-Dbench.latency.hazelcast=" + fork);
        }
        Path contenderFile = null;
        if (contended) {
            contenderFile = contender(side + "-" + topology.key() + "-" + first, agent, other);
            args.add("-Dbench.latency.contender=" + contenderFile);
        }
        try {
            Measured measured = jmh(agent ? AgentLatency.class : FencedLatency.class, contended, args);
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
                    true,
                    settings + ",port=" + (first + i) + ",agent-id=" + cluster + "-member" + (i + 1)));
        }
        for (ExtraJvms.Jvm member : started) {
            member.awaitReady(" ready in ", null, READY_SECONDS);
        }
        return "mode=client,cluster-name=" + cluster + ",members=" + members(first, 3);
    }

    private ExtraJvms.Jvm startMember(String name, boolean agent, String settings) throws Exception {
        List<String> command = agent
                ? List.of(
                        ExtraJvms.java(),
                        "-jar",
                        context.agentJar.toAbsolutePath().toString(),
                        "member",
                        settings)
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
    private Path contender(String name, boolean agent, String settings) throws Exception {
        Path ready = dir.resolve("contender-" + name + ".ready");
        List<String> lines = new ArrayList<>();
        lines.add(ready.toString());
        lines.add(ExtraJvms.java());
        lines.add("-cp");
        lines.add(BenchContext.classPath());
        if (agent) {
            lines.add("-javaagent:" + context.agentJar.toAbsolutePath() + "=" + settings);
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
        if ("gc".equals(System.getProperty("bench.latency.profiler"))) {
            options.addProfiler(org.openjdk.jmh.profile.GCProfiler.class);
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
