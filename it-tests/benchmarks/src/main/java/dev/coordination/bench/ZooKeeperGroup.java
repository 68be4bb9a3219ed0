package dev.coordination.bench;

import dev.coordination.bench.latency.AgentLatency;
import dev.coordination.bench.latency.CuratorLatency;
import dev.coordination.bench.latency.LockContender;
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
import org.apache.curator.test.TestingServer;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;

/**
 * The agent on ZooKeeper ({@code coordination.backend=zookeeper}) next to Apache Curator's own
 * {@code InterProcessMutex} on the same server, in the same run: one ZooKeeper server (3.9, Curator's
 * {@code TestingServer}) inside the table JVM on 127.0.0.1, as Cinder's figures were taken against
 * one ZooKeeper on 127.0.0.1. Uncontended: p50 and p99 of one lock+unlock in rounds of one fork per
 * side, the order turned every round, as {@link LatencyGroup} does. Contended: sections per second of
 * the fork's 4 threads on one name while a second JVM runs 4 threads on it. Cinder's decorator over
 * tooz and kazoo on ZooKeeper 3.8.0, measured on this machine with 4 processes, gives the scale: about
 * 2.5 ms per lock+unlock (p50) and about 460 contended sections/s on one name. {@code -Dbench.groups=latency,zookeeper}
 * puts the Hazelcast topologies beside it in one table.
 */
final class ZooKeeperGroup implements BenchmarkGroup {

    private static final int THREADS = 4;
    private static final int ROUNDS = Integer.getInteger("bench.zookeeper.rounds", BenchRow.MIN_SHOTS_TO_JUDGE);
    /** The agent's p50 over plain Curator's. */
    private static final double CURATOR_P50_GOAL = 1.05;
    /** Cinder+tooz+kazoo on ZooKeeper, this machine: p50 of one lock+unlock, and contended sections/s. */
    static final double CINDER_P50_MICROS = 2_500;

    static final double CINDER_CONTENDED_PER_SECOND = 460;
    /** At least 5 times Cinder's speed: the agent's p50 at most a fifth of Cinder's, its rate 5 times. */
    private static final double CINDER_FACTOR = 5;

    private static final String LOCK = "bench-zookeeper-lock";
    private static final Pattern CONTENDER_RESULT = Pattern.compile("RESULT sections=(\\d+) seconds=([0-9.]+)");

    private BenchContext context;
    private Path dir;
    private String connect;
    private int runs;

    @Override
    public String name() {
        return "zookeeper";
    }

    @Override
    public List<BenchRow> run(BenchContext context) throws Exception {
        this.context = context;
        this.dir = Files.createDirectories(context.workDir.resolve("zookeeper"));
        try (TestingServer server = new TestingServer(true)) {
            connect = server.getConnectString();
            return measureAll();
        }
    }

    private List<BenchRow> measureAll() throws Exception {
        List<String> order = new ArrayList<>(List.of("agent", "curator"));
        Map<String, List<RunResult>> shots = new LinkedHashMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            for (String side : order) {
                shots.computeIfAbsent(side, k -> new ArrayList<>()).add(jmh(side, false));
            }
            Collections.reverse(order);
        }
        List<BenchRow> rows = new ArrayList<>();
        String label = "ZooKeeper 3.9 on 127.0.0.1, one server: uncontended lock+unlock";
        List<Double> agentP50 = percentiles(shots.get("agent"), 50);
        for (double p : new double[] {50, 99}) {
            List<Double> agent = percentiles(shots.get("agent"), p);
            List<Double> curator = percentiles(shots.get("curator"), p);
            double ratio = Medians.of(agent) / Medians.of(curator);
            double[] interval = MedianRatio.interval95(agent, curator);
            String measure = label + " p" + (int) p + ", agent (coordination.backend=zookeeper), median of "
                    + agent.size() + " forks";
            String baseline = "Curator InterProcessMutex " + BenchRow.number(Medians.of(curator))
                    + " µs (same server, no agent; median of " + curator.size() + " forks)";
            rows.add(
                    p == 50
                            ? BenchRow.judged(
                                    name(),
                                    measure,
                                    Medians.of(agent),
                                    "µs",
                                    baseline,
                                    ratio,
                                    interval[0],
                                    interval[1],
                                    CURATOR_P50_GOAL,
                                    Math.min(agent.size(), curator.size()))
                            : BenchRow.figure(name(), measure, Medians.of(agent), "µs", baseline, ratio));
        }
        double p50 = Medians.of(agentP50);
        double latencyRatio = p50 / CINDER_P50_MICROS;
        rows.add(new BenchRow(
                name(),
                label + " p50, agent, against Cinder's decorator over tooz+kazoo (ZooKeeper 3.8.0, 127.0.0.1)",
                p50,
                "µs",
                "Cinder+tooz+kazoo about " + BenchRow.number(CINDER_P50_MICROS) + " µs (measured apart, same machine)",
                latencyRatio,
                String.format(Locale.ROOT, "<= %.2f (5x Cinder)", 1 / CINDER_FACTOR),
                latencyRatio <= 1 / CINDER_FACTOR));
        RunResult agentContended = jmh("agent", true);
        double agentOther = contenderRate(runs);
        RunResult curatorContended = jmh("curator", true);
        double curatorOther = contenderRate(runs);
        double agentRate = agentContended.getPrimaryResult().getScore();
        double curatorRate = curatorContended.getPrimaryResult().getScore();
        rows.add(BenchRow.figure(
                name(),
                "ZooKeeper: contended, 2 JVMs x 4 threads on one name: sections/s of the benchmark JVM's 4 threads",
                agentRate,
                "/s",
                "Curator InterProcessMutex " + BenchRow.number(curatorRate) + "/s",
                agentRate / curatorRate));
        double both = agentRate + agentOther;
        double cinderRatio = CINDER_CONTENDED_PER_SECOND / both;
        rows.add(new BenchRow(
                name(),
                "ZooKeeper: contended: sections/s of both JVMs together (8 threads on one name), against Cinder's"
                        + " 4 processes",
                both,
                "/s",
                "Curator InterProcessMutex " + BenchRow.number(curatorRate + curatorOther)
                        + "/s; Cinder+tooz+kazoo about " + BenchRow.number(CINDER_CONTENDED_PER_SECOND) + "/s",
                cinderRatio,
                String.format(Locale.ROOT, "Cinder/agent <= %.2f (5x Cinder)", 1 / CINDER_FACTOR),
                cinderRatio <= 1 / CINDER_FACTOR));
        return rows;
    }

    private static List<Double> percentiles(List<RunResult> forks, double p) {
        List<Double> values = new ArrayList<>();
        for (RunResult fork : forks) {
            values.add(fork.getPrimaryResult().getStatistics().getPercentile(p));
        }
        return values;
    }

    private RunResult jmh(String side, boolean contended) throws Exception {
        runs++;
        boolean agent = side.equals("agent");
        String settings = "backend=zookeeper,zookeeper.namespace=bench-agent,zookeeper.connect=" + connect;
        List<String> args = new ArrayList<>();
        if (agent) {
            args.add("-javaagent:" + context.agentJar.toAbsolutePath() + "=" + settings);
            args.add("-Dbench.latency.mode=zookeeper");
        } else {
            args.add("-Dbench.zookeeper.connect=" + connect);
        }
        args.add("-Dbench.latency.report=" + dir.resolve("fork-" + runs + ".txt"));
        args.add("-Dbench.latency.name=" + LOCK);
        if (contended) {
            args.add("-Dbench.latency.contender=" + contender(side + "-" + runs, agent, settings));
        }
        Class<?> benchmark = agent ? AgentLatency.class : CuratorLatency.class;
        ChainedOptionsBuilder options = context.jmh(Pattern.quote(benchmark.getName() + ".section") + "$")
                .jvmArgsAppend(args.toArray(new String[0]));
        if (contended) {
            options.mode(Mode.Throughput).timeUnit(TimeUnit.SECONDS).threads(THREADS);
        } else {
            options.mode(Mode.SampleTime).timeUnit(TimeUnit.MICROSECONDS).threads(1);
        }
        return new Runner(options.build()).run().iterator().next();
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
        lines.add(agent ? "agent" : "curator");
        lines.add(LOCK);
        lines.add(Integer.toString(THREADS));
        lines.add(ready.toString());
        if (!agent) {
            lines.add(connect);
        }
        Path file = dir.resolve("contender-" + name + ".cmd");
        Files.write(file, lines);
        return file;
    }

    private double contenderRate(int run) throws Exception {
        Path log = null;
        for (String side : List.of("agent", "curator")) {
            Path candidate = dir.resolve("contender-" + side + "-" + run + ".cmd.log");
            if (Files.exists(candidate)) {
                log = candidate;
            }
        }
        Matcher matcher = CONTENDER_RESULT.matcher(log == null ? "" : Files.readString(log));
        return matcher.find() ? Long.parseLong(matcher.group(1)) / Double.parseDouble(matcher.group(2)) : Double.NaN;
    }
}
