package dev.coordination.bench;

import dev.coordination.bench.startup.FilterCostBenchmark;
import dev.coordination.bench.startup.GeneratedClasses;
import dev.coordination.bench.startup.LoadOnceMain;
import dev.coordination.bench.startup.StartupBenchmark;
import dev.coordination.demo.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;

/**
 * Issue 6, benchmark 3: loading 10,000 generated classes ({@link GeneratedClasses}, 10 of them
 * annotated) in fresh JVMs (a) without the agent, (b) with it, (c) with it and {@code
 * coordination.include} naming the annotated classes' package, each shot once the agent's member is
 * up, and (b') as (b) but while the member starts. One JMH single shot per fork; the configurations
 * take turns, round after round, so drift on a shared machine hits all alike. Wall times rate the
 * goals; the loading thread's CPU times, less disturbed by other work on the machine, are shown too.
 * Also counts the classes that reached ByteBuddy in (b), and what the filter costs a class it turns
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
        GeneratedClasses classes = GeneratedClasses.generate(context.workDir.resolve("startup"),
                context.annotationsJar);
        int rounds = Integer.getInteger("bench.startup.rounds", context.quick ? 2 : 5);
        int forksPerRound = Integer.getInteger("bench.startup.forks", context.quick ? 1 : 3);
        List<Double> plain = new ArrayList<>();
        List<Double> agent = new ArrayList<>();
        List<Double> included = new ArrayList<>();
        List<Double> racing = new ArrayList<>();
        Path plainCpu = cpuFile(context, "a");
        Path agentCpu = cpuFile(context, "b");
        Path includedCpu = cpuFile(context, "c");
        Path racingCpu = cpuFile(context, "b-racing");
        for (int round = 0; round < rounds; round++) {
            plain.addAll(shots(context, classes, forksPerRound, null, true, plainCpu));
            agent.addAll(shots(context, classes, forksPerRound, agentArgument(context, ""), true, agentCpu));
            included.addAll(shots(context, classes, forksPerRound,
                    agentArgument(context, ",include=" + GeneratedClasses.LOCKED_PACKAGE), true, includedCpu));
            racing.addAll(shots(context, classes, forksPerRound, agentArgument(context, ""), false, racingCpu));
        }
        double a = median(plain);
        double b = median(agent);
        double c = median(included);
        double d = median(racing);
        int forks = rounds * forksPerRound;
        String baseline = String.format(Locale.ROOT, "(a) no agent: %.0f ms", a);
        List<BenchRow> rows = new ArrayList<>();
        rows.add(BenchRow.figure(GROUP, "(a) load+init 10,000 classes, no agent (median of " + forks
                + " fresh JVMs; mean " + ms(mean(plain)) + ")", a, "ms", "", Double.NaN));
        rows.add(new BenchRow(GROUP, "(b) same, agent, include unset (median of " + forks + "; mean "
                + ms(mean(agent)) + ")", b, "ms", baseline, b / a, "<= 1.10", b / a <= 1.10));
        rows.add(new BenchRow(GROUP, "(c) same, agent, include=" + GeneratedClasses.LOCKED_PACKAGE
                + " (median of " + forks + "; mean " + ms(mean(included)) + ")", c, "ms", baseline, c / a,
                "<= 1.03", c / a <= 1.03));
        rows.add(BenchRow.figure(GROUP, "(b') as (b), but loading while the agent's member starts (no wait; median of "
                + forks + "; mean " + ms(mean(racing)) + ")", d, "ms", baseline, d / a));
        double aCpu = median(readCpu(plainCpu));
        String cpuBaseline = String.format(Locale.ROOT, "(a) no agent: %.0f ms", aCpu);
        rows.add(BenchRow.figure(GROUP, "(a) CPU time of the loading thread, no agent", aCpu, "ms", "", Double.NaN));
        double bCpu = median(readCpu(agentCpu));
        rows.add(BenchRow.figure(GROUP, "(b) CPU time of the loading thread, agent", bCpu, "ms", cpuBaseline,
                bCpu / aCpu));
        double cCpu = median(readCpu(includedCpu));
        rows.add(BenchRow.figure(GROUP, "(c) CPU time of the loading thread, agent with include", cCpu, "ms",
                cpuBaseline, cCpu / aCpu));
        double dCpu = median(readCpu(racingCpu));
        rows.add(BenchRow.figure(GROUP, "(b') CPU time of the loading thread, agent, member starting", dCpu, "ms",
                cpuBaseline, dCpu / aCpu));
        rows.add(reachedByteBuddy(context, classes));
        rows.add(filterCost(context, classes));
        return rows;
    }

    /**
     * One single-shot result per fork, in ms; {@code agent} is the -javaagent option or null; {@code
     * awaitMember}: whether the shot waits until the agent's member is up.
     */
    private static List<Double> shots(BenchContext context, GeneratedClasses classes, int forks, String agent,
            boolean awaitMember, Path cpuFile) throws Exception {
        List<String> jvmArgs = new ArrayList<>(List.of("-Dbench.startup.jar=" + classes.jar,
                "-Dbench.startup.await=" + awaitMember, "-Dbench.startup.cpu.file=" + cpuFile));
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
        return "-javaagent:" + context.agentJar + "=cluster-name=startup-bench-" + UUID.randomUUID()
                + ",port=" + port + ",members=127.0.0.1:" + port + extra;
    }

    /**
     * Runs one load in a JVM of its own with the agent at DEBUG and counts the filter's line for each
     * class it let through to ByteBuddy (the line costs nothing at the default level).
     */
    private static BenchRow reachedByteBuddy(BenchContext context, GeneratedClasses classes) throws Exception {
        Path log = context.workDir.resolve("startup-debug.log");
        Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                agentArgument(context, ",log-level=debug"), "-cp", BenchContext.classPath(),
                LoadOnceMain.class.getName(), classes.jar.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!java.waitFor(3, TimeUnit.MINUTES)) {
            java.destroyForcibly();
            throw new IllegalStateException("the DEBUG load of the generated classes did not end in 3 minutes: " + log);
        }
        List<String> lines = Files.readAllLines(log);
        List<String> reachedLines = lines.stream().filter(line -> line.contains(DEBUG_LINE)).collect(Collectors.toList());
        // The agent's own warm-up weaves one made-up class (dev.coordination.warmup) on a thread of its own.
        long warmUp = reachedLines.stream().filter(line -> line.contains(WARM_UP_CLASS)).count();
        long reached = reachedLines.size() - warmUp;
        String loaded = lines.stream().filter(line -> line.startsWith("loaded=")).map(line -> line.substring(7))
                .findFirst().orElseThrow(() -> new IllegalStateException("no loaded= line in " + log));
        boolean onlyAnnotated = reached == GeneratedClasses.ANNOTATED && reachedLines.stream()
                .allMatch(line -> line.contains(GeneratedClasses.LOCKED_PACKAGE + ".") || line.contains(WARM_UP_CLASS));
        return new BenchRow(GROUP, "(b) classes that reached ByteBuddy, whole JVM (DEBUG log, " + log.getFileName()
                + "; plus " + warmUp + " made-up warm-up class)", reached, "classes", "of " + loaded
                + " loaded during the load; " + GeneratedClasses.ANNOTATED + " annotated", Double.NaN,
                "only the annotated", onlyAnnotated);
    }

    /** The filter's cost per plain class (name checks and constant-pool walk), hot, in one fork. */
    private static BenchRow filterCost(BenchContext context, GeneratedClasses classes) throws Exception {
        ChainedOptionsBuilder options = context.jmh(FilterCostBenchmark.class.getName() + ".turnAwayOnePlainClass")
                .jvmArgsAppend("-Dbench.startup.jar=" + classes.jar, "-Dbench.agent.jar=" + context.agentJar);
        double nanos = new Runner(options.build()).runSingle().getPrimaryResult().getScore();
        return BenchRow.figure(GROUP, "filter turning away one plain class (name checks + constant-pool walk;"
                + " class files of " + averageClassFileBytes(classes) + " bytes on average), JIT-compiled", nanos,
                "ns", "", Double.NaN);
    }

    private static long averageClassFileBytes(GeneratedClasses classes) throws IOException {
        try (JarFile jar = new JarFile(classes.jar.toFile())) {
            return Math.round(jar.stream().filter(entry -> entry.getName().endsWith(".class"))
                    .mapToLong(entry -> entry.getSize()).average().orElse(0));
        }
    }

    static double median(Collection<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    static double mean(Collection<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private static String ms(double value) {
        return String.format(Locale.ROOT, "%.0f ms", value);
    }
}
