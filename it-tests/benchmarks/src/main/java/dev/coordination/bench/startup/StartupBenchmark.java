package dev.coordination.bench.startup;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Cold start: one shot per fresh JVM (fork) that loads and initialises the {@link GeneratedClasses}
 * ({@code -Dbench.startup.jar}). The fork runs without the agent, or with it (or a control agent)
 * through {@code jvmArgsAppend}. {@code -Dbench.startup.await} says when the shot starts: {@code
 * quiet} (the default) once the agent's member is up and the whole JVM has settled ({@link
 * ClassLoading#awaitQuiet}), {@code member} as soon as the member is up, {@code nothing} at once
 * (racing the member's start, as an application's main would).
 * Each fork also appends its shot's CPU time (ms, loading thread only) to {@code -Dbench.startup.cpu.file}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class StartupBenchmark {

    public static final String AWAIT_QUIET = "quiet";
    public static final String AWAIT_MEMBER = "member";
    public static final String AWAIT_NOTHING = "nothing";

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private List<String> names;
    private URLClassLoader loader;

    @Setup(Level.Trial)
    public void openJar() throws Exception {
        Path jar = Path.of(System.getProperty("bench.startup.jar"));
        names = GeneratedClasses.names(jar);
        String await = System.getProperty("bench.startup.await", AWAIT_QUIET);
        if (!await.equals(AWAIT_NOTHING)) {
            ClassLoading.awaitAgentMember();
        }
        if (await.equals(AWAIT_QUIET)) {
            ClassLoading.awaitQuiet();
        }
        loader = ClassLoading.loaderOver(jar);
    }

    /** CPU time of the shot's thread, which is less disturbed than wall time by a busy machine. */
    private long shotCpuNanos = -1;

    @Benchmark
    public int loadGeneratedClasses() throws ClassNotFoundException {
        long cpu = THREADS.getCurrentThreadCpuTime();
        int hash = ClassLoading.loadAll(loader, names);
        shotCpuNanos = THREADS.getCurrentThreadCpuTime() - cpu;
        return hash;
    }

    @TearDown(Level.Trial)
    public void closeJar() throws Exception {
        loader.close();
        String cpuFile = System.getProperty("bench.startup.cpu.file");
        if (cpuFile != null && shotCpuNanos >= 0) {
            Files.writeString(
                    Path.of(cpuFile), shotCpuNanos / 1e6 + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }
}
