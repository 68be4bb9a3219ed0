package dev.coordination.bench;

import dev.coordination.bench.startup.FilterCostBenchmark;
import dev.coordination.bench.startup.GeneratedClasses;
import dev.coordination.bench.startup.LoadOnceMain;
import dev.coordination.bench.startup.NoOpTransformerAgent;
import dev.coordination.bench.startup.StartupBenchmark;
import dev.coordination.support.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;

/**
 * Loading 10,000 generated classes ({@link GeneratedClasses}, 10 of them annotated) in fresh JVMs
 * (a) without an agent, (n) with a control agent whose transformer changes nothing ({@link
 * NoOpTransformerAgent}), (b) with the coordination agent, (c) with it and {@code
 * coordination.include} naming the annotated classes' package. In these four each shot starts once
 * the agent's member (if any) is up and the whole JVM has settled ({@link
 * dev.coordination.bench.startup.ClassLoading#awaitQuiet}), so that they compare what loading a
 * class costs. Two more set-ups show the member's own start-up work: (b-member) as (b) but as soon
 * as the member is up, while the JIT still compiles what its start made hot, and (b') while the
 * member starts. One JMH single shot per fork; the set-ups take turns, round after round, so drift
 * on a shared machine hits all alike. Fresh JVMs differ from one another (when the JIT gets to the
 * loading path) by more than the goals' margins, so a goal is judged by the 95 % interval of the
 * ratio of medians ({@link MedianRatio}), not by the ratio alone. Wall times rate the goals; the
 * loading thread's CPU times, less disturbed by other work on the machine, are shown too. Also
 * counts the classes that reached ByteBuddy in (b), and what the filter costs a class it turns
 * away.
 */
final class StartupGroup implements BenchmarkGroup {

    private static final String GROUP = "startup";
    private static final String DEBUG_LINE = "names @Synchronized: handing it to ByteBuddy";
    private static final String WARM_UP_CLASS = "dev.coordination.warmup.";

    @Override
    public String name() {
        return GROUP;
    }

    @Override
    public List<BenchRow> run(BenchContext context) throws Exception {
        GeneratedClasses classes =
                GeneratedClasses.generate(context.workDir.resolve("startup"), context.annotationsJar);
        int rounds = Integer.getInteger("bench.startup.rounds", context.quick ? 2 : 8);
        int forksPerRound = Integer.getInteger("bench.startup.forks", context.quick ? 1 : 2);
        // The two set-ups without a goal show the member's own start-up cost, which is far above the
        // noise: half as many forks do.
        int contextForks = Math.max(1, forksPerRound / 2);
        String control = "-javaagent:" + noOpAgentJar(context);
        List<SetUp> setUps = List.of(
                new SetUp(
                        "a",
                        "(a) load+init 10,000 classes, no agent, JVM settled",
                        forksPerRound,
                        Double.NaN,
                        StartupBenchmark.AWAIT_QUIET,
                        jvm -> null),
                new SetUp(
                        "n",
                        "(n) control: an agent whose transformer changes nothing (what the JVM charges"
                                + " any agent), settled",
                        forksPerRound,
                        Double.NaN,
                        StartupBenchmark.AWAIT_QUIET,
                        jvm -> control),
                new SetUp(
                        "b",
                        "(b) coordination agent, include unset, member up and JVM settled",
                        forksPerRound,
                        1.10,
                        StartupBenchmark.AWAIT_QUIET,
                        jvm -> agentArgument(jvm, "")),
                new SetUp(
                        "c",
                        "(c) coordination agent, include=" + GeneratedClasses.LOCKED_PACKAGE
                                + ", member up and JVM settled",
                        forksPerRound,
                        1.03,
                        StartupBenchmark.AWAIT_QUIET,
                        jvm -> agentArgument(jvm, ",include=" + GeneratedClasses.LOCKED_PACKAGE)),
                new SetUp(
                        "b-member",
                        "(b-member) as (b), but loading as soon as the member is up, while its" + " start-up work ends",
                        contextForks,
                        Double.NaN,
                        StartupBenchmark.AWAIT_MEMBER,
                        jvm -> agentArgument(jvm, "")),
                new SetUp(
                        "b'",
                        "(b') as (b), but loading while the member starts, no wait",
                        contextForks,
                        Double.NaN,
                        StartupBenchmark.AWAIT_NOTHING,
                        jvm -> agentArgument(jvm, "")));
        for (SetUp setUp : setUps) {
            setUp.cpuFile = cpuFile(context, setUp.key);
        }
        for (int round = 0; round < rounds; round++) {
            for (SetUp setUp : setUps) {
                setUp.wall.addAll(shots(
                        context,
                        classes,
                        setUp.forksPerRound,
                        setUp.agent.option(context),
                        setUp.await,
                        setUp.cpuFile));
            }
        }
        SetUp a = setUps.get(0);
        double aWall = Medians.of(a.wall);
        double aCpu = Medians.of(readCpu(a.cpuFile));
        String baseline = String.format(Locale.ROOT, "(a) no agent: %.0f ms", aWall);
        String cpuBaseline = String.format(Locale.ROOT, "(a) no agent: %.0f ms", aCpu);
        List<BenchRow> rows = new ArrayList<>();
        for (SetUp setUp : setUps) {
            double wall = Medians.of(setUp.wall);
            String label = setUp.label + " (median of " + setUp.wall.size() + " fresh JVMs; mean "
                    + ms(mean(setUp.wall)) + ")";
            if (setUp == a) {
                rows.add(BenchRow.figure(GROUP, label, wall, "ms", "", Double.NaN));
            } else if (Double.isNaN(setUp.goal)) {
                rows.add(BenchRow.figure(GROUP, label, wall, "ms", baseline, wall / aWall));
            } else {
                double[] interval = MedianRatio.interval95(setUp.wall, a.wall);
                rows.add(BenchRow.judged(
                        GROUP,
                        label,
                        wall,
                        "ms",
                        baseline,
                        wall / aWall,
                        interval[0],
                        interval[1],
                        setUp.goal,
                        Math.min(setUp.wall.size(), a.wall.size())));
            }
        }
        for (SetUp setUp : setUps) {
            double cpu = Medians.of(readCpu(setUp.cpuFile));
            String label = "(" + setUp.key + ") CPU time of the loading thread";
            rows.add(
                    setUp == a
                            ? BenchRow.figure(GROUP, label, cpu, "ms", "", Double.NaN)
                            : BenchRow.figure(GROUP, label, cpu, "ms", cpuBaseline, cpu / aCpu));
        }
        rows.addAll(hookShareRows(context, classes, control));
        rows.add(reachedByteBuddy(context, classes));
        rows.add(filterCost(context, classes));
        return rows;
    }

    /** Fresh JVMs under perf per set-up for the hook shares (pooled). */
    private static final int PERF_JVMS = 5;

    /**
     * The loading thread's share in the JVM's class-file hook ({@link HookShares}) for (n), (b) and
     * (c), settled as they are timed: pooled over the set-up's JVMs, with the range of single JVMs.
     * Without perf, or if perf fails, one row says so and the run goes on.
     */
    private static List<BenchRow> hookShareRows(BenchContext context, GeneratedClasses classes, String control) {
        String label = "loading thread's time in the JVM's class-file hook, settled (perf";
        String missing = HookShares.perfMissing();
        if (missing != null) {
            return List.of(BenchRow.figure(GROUP, label + "): " + missing, Double.NaN, "", "", Double.NaN));
        }
        int jvms = context.quick ? 1 : PERF_JVMS;
        List<BenchRow> rows = new ArrayList<>();
        try {
            for (String key : List.of("n", "b", "c")) {
                HookShares.Shares pooled = new HookShares.Shares();
                double lowest = Double.MAX_VALUE;
                double highest = 0;
                for (int jvm = 0; jvm < jvms; jvm++) {
                    // each JVM of (b) and (c) on a cluster name and port of its own
                    String agent = key.equals("n")
                            ? control
                            : agentArgument(
                                    context, key.equals("c") ? ",include=" + GeneratedClasses.LOCKED_PACKAGE : "");
                    HookShares.Shares one = HookShares.measure(context.workDir, classes.jar, key + "-" + jvm, agent);
                    lowest = Math.min(lowest, one.hookPercent());
                    highest = Math.max(highest, one.hookPercent());
                    pooled.add(one);
                }
                rows.add(BenchRow.figure(
                        GROUP,
                        String.format(
                                Locale.ROOT,
                                "(%s) %s, %d fresh JVMs pooled, %d samples;" + " single JVMs %.1f-%.1f %%)",
                                key,
                                label,
                                jvms,
                                pooled.samples,
                                lowest,
                                highest),
                        pooled.hookPercent(),
                        "% of the load",
                        String.format(
                                Locale.ROOT,
                                "JVM and JPLIS %.1f %% + transformers' Java %.1f %%",
                                pooled.jvmPercent(),
                                pooled.javaPercent()),
                        Double.NaN));
            }
        } catch (Exception e) {
            rows.add(BenchRow.figure(GROUP, label + "): " + e.getMessage(), Double.NaN, "", "", Double.NaN));
        }
        return rows;
    }

    /** The -javaagent option of one batch of forks (a fresh cluster name and port each), or null. */
    private interface AgentOption {
        String option(BenchContext context) throws IOException;
    }

    /** One set-up of the forks: its row, its goal (NaN: none), when the shot starts, its agent; what its shots gave. */
    private static final class SetUp {
        final String key;
        final String label;
        final int forksPerRound;
        final double goal;
        final String await;
        final AgentOption agent;
        final List<Double> wall = new ArrayList<>();
        Path cpuFile;

        SetUp(String key, String label, int forksPerRound, double goal, String await, AgentOption agent) {
            this.key = key;
            this.label = label;
            this.forksPerRound = forksPerRound;
            this.goal = goal;
            this.await = await;
            this.agent = agent;
        }
    }

    /**
     * The control agent's jar: only a manifest naming {@link NoOpTransformerAgent}, which the JVM
     * loads from the fork's class path.
     */
    private static Path noOpAgentJar(BenchContext context) throws IOException {
        Path jar = context.workDir.resolve("no-op-transformer-agent.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", NoOpTransformerAgent.class.getName());
        manifest.getMainAttributes().putValue("Can-Retransform-Classes", "true");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.flush();
        }
        return jar;
    }

    /**
     * One single-shot result per fork, in ms; {@code agent} is the -javaagent option or null; {@code
     * await}: when the shot starts ({@link StartupBenchmark#AWAIT_QUIET} and the others).
     */
    private static List<Double> shots(
            BenchContext context, GeneratedClasses classes, int forks, String agent, String await, Path cpuFile)
            throws Exception {
        List<String> jvmArgs = new ArrayList<>(List.of(
                "-Dbench.startup.jar=" + classes.jar,
                "-Dbench.startup.await=" + await,
                "-Dbench.startup.cpu.file=" + cpuFile));
        if (agent != null) {
            jvmArgs.add(agent);
        }
        ChainedOptionsBuilder options = context.jmh(StartupBenchmark.class.getName() + ".loadGeneratedClasses")
                .mode(Mode.SingleShotTime)
                .timeUnit(TimeUnit.MILLISECONDS)
                .forks(forks)
                .warmupIterations(0)
                .measurementIterations(1)
                .jvmArgsAppend(jvmArgs.toArray(new String[0]));
        List<Double> shots = new ArrayList<>();
        for (RunResult run : new Runner(options.build()).run()) {
            for (BenchmarkResult fork : run.getBenchmarkResults()) {
                for (IterationResult shot : fork.getIterationResults()) {
                    shots.add(shot.getPrimaryResult().getScore());
                }
            }
        }
        return shots;
    }

    /** An empty file for one configuration's CPU times, one line (ms) per fork. */
    private static Path cpuFile(BenchContext context, String configuration) throws IOException {
        Path file = context.workDir.resolve("startup-cpu-" + configuration + ".txt");
        Files.deleteIfExists(file);
        return file;
    }

    private static List<Double> readCpu(Path file) throws IOException {
        return Files.readAllLines(file).stream().map(Double::valueOf).collect(Collectors.toList());
    }

    /** The agent on a fresh cluster name and free port; {@code extra} adds {@code ,key=value} pairs. */
    private static String agentArgument(BenchContext context, String extra) throws IOException {
        int port = FreePorts.block(1, 41000, 59000);
        return "-javaagent:" + context.agentJar + "=cluster-name=startup-bench-" + UUID.randomUUID() + ",port=" + port
                + ",members=127.0.0.1:" + port + extra;
    }

    /**
     * Runs one load in a JVM of its own with the agent at DEBUG and counts the filter's line for each
     * class it let through to ByteBuddy (the line costs nothing at the default level).
     */
    private static BenchRow reachedByteBuddy(BenchContext context, GeneratedClasses classes) throws Exception {
        Path log = context.workDir.resolve("startup-debug.log");
        Process java = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        agentArgument(context, ",log-level=debug"),
                        "-cp",
                        BenchContext.classPath(),
                        LoadOnceMain.class.getName(),
                        classes.jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!java.waitFor(3, TimeUnit.MINUTES)) {
            java.destroyForcibly();
            throw new IllegalStateException("the DEBUG load of the generated classes did not end in 3 minutes: " + log);
        }
        List<String> lines = Files.readAllLines(log);
        List<String> reachedLines =
                lines.stream().filter(line -> line.contains(DEBUG_LINE)).collect(Collectors.toList());
        // The agent's own warm-up weaves one made-up class (dev.coordination.warmup) on a thread of its own.
        long warmUp = reachedLines.stream()
                .filter(line -> line.contains(WARM_UP_CLASS))
                .count();
        long reached = reachedLines.size() - warmUp;
        String loaded = lines.stream()
                .filter(line -> line.startsWith("loaded="))
                .map(line -> line.substring(7))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no loaded= line in " + log));
        boolean onlyAnnotated = reached == GeneratedClasses.ANNOTATED
                && reachedLines.stream()
                        .allMatch(line ->
                                line.contains(GeneratedClasses.LOCKED_PACKAGE + ".") || line.contains(WARM_UP_CLASS));
        return new BenchRow(
                GROUP,
                "(b) classes that reached ByteBuddy, whole JVM (DEBUG log, " + log.getFileName() + "; plus " + warmUp
                        + " made-up warm-up class)",
                reached,
                "classes",
                "of " + loaded + " loaded during the load; " + GeneratedClasses.ANNOTATED + " annotated",
                Double.NaN,
                "only the annotated",
                onlyAnnotated);
    }

    /** The filter's cost per plain class (name checks and constant-pool walk), hot, in one fork. */
    private static BenchRow filterCost(BenchContext context, GeneratedClasses classes) throws Exception {
        ChainedOptionsBuilder options = context.jmh(FilterCostBenchmark.class.getName() + ".turnAwayOnePlainClass")
                .jvmArgsAppend("-Dbench.startup.jar=" + classes.jar, "-Dbench.agent.jar=" + context.agentJar);
        double nanos =
                new Runner(options.build()).runSingle().getPrimaryResult().getScore();
        return BenchRow.figure(
                GROUP,
                "filter turning away one plain class (name checks + constant-pool walk;" + " class files of "
                        + averageClassFileBytes(classes) + " bytes on average), JIT-compiled",
                nanos,
                "ns",
                "",
                Double.NaN);
    }

    private static long averageClassFileBytes(GeneratedClasses classes) throws IOException {
        try (JarFile jar = new JarFile(classes.jar.toFile())) {
            return Math.round(jar.stream()
                    .filter(entry -> entry.getName().endsWith(".class"))
                    .mapToLong(entry -> entry.getSize())
                    .average()
                    .orElse(0));
        }
    }

    static double mean(Collection<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private static String ms(double value) {
        return String.format(Locale.ROOT, "%.0f ms", value);
    }
}
