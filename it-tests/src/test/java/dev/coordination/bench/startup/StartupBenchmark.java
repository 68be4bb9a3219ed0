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
 * ({@code -Dbench.startup.jar}). The fork runs without the agent, or with it through {@code
 * jvmArgsAppend}; with it, the shot starts only once the agent's member is up, unless {@code
 * -Dbench.startup.await=false} (then it races the member's start, as an application's main would).
 * Each fork also appends its shot's CPU time (ms, loading thread only) to {@code -Dbench.startup.cpu.file}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class StartupBenchmark {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private List<String> names;
    private URLClassLoader loader;

    @Setup(Level.Trial)
    public void openJar() throws Exception {
        Path jar = Path.of(System.getProperty("bench.startup.jar"));
        names = GeneratedClasses.names(jar);
        if (Boolean.parseBoolean(System.getProperty("bench.startup.await", "true"))) {
            ClassLoading.awaitAgentMember();
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
            Files.writeString(Path.of(cpuFile), shotCpuNanos / 1e6 + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }
}
