package dev.coordination.bench.startup;

import java.net.URLClassLoader;
import java.nio.file.Path;
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
 * jvmArgsAppend}; with it, the shot starts only once the agent's member is up.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class StartupBenchmark {

    private List<String> names;
    private URLClassLoader loader;

    @Setup(Level.Trial)
    public void openJar() throws Exception {
        Path jar = Path.of(System.getProperty("bench.startup.jar"));
        names = GeneratedClasses.names(jar);
        ClassLoading.awaitAgentMember();
        loader = ClassLoading.loaderOver(jar);
    }

    @Benchmark
    public int loadGeneratedClasses() throws ClassNotFoundException {
        return ClassLoading.loadAll(loader, names);
    }

    @TearDown(Level.Trial)
    public void closeJar() throws Exception {
        loader.close();
    }
}
