package dev.coordination.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * What every benchmark group needs: the built artifacts, a work folder, and JMH options of one
 * length for all (long for the published table, short with {@code -Dbench.quick=true}).
 */
final class BenchContext {

    final Path agentJar = Path.of(required("bench.agent.jar"));
    final Path annotationsJar = Path.of(required("bench.annotations.jar"));
    /** The apps the benchmarks start, with what they need: a class path. */
    final String appsClassPath = required("bench.apps.classpath");

    final Path workDir;
    final boolean quick = Boolean.getBoolean("bench.quick");

    BenchContext() throws IOException {
        workDir = Files.createDirectories(Path.of(required("bench.work.dir")));
    }

    /** JMH options for the benchmarks whose names match {@code include} (a regular expression). */
    ChainedOptionsBuilder jmh(String include) {
        return new OptionsBuilder()
                .include(include)
                .forks(1)
                .warmupIterations(quick ? 1 : 5)
                .warmupTime(TimeValue.seconds(quick ? 1 : 2))
                .measurementIterations(quick ? 2 : 5)
                .measurementTime(TimeValue.seconds(quick ? 1 : 2))
                .timeUnit(TimeUnit.NANOSECONDS)
                .shouldFailOnError(true);
    }

    /** The class path of this JVM (the test class path), for benchmark forks and child JVMs. */
    static String classPath() {
        return System.getProperty("java.class.path");
    }

    private static String required(String key) {
        String value = System.getProperty(key);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException(
                    "-D" + key + " is not set: run the benchmarks with" + " mvn -B -Pbench -DskipTests verify");
        }
        return value;
    }
}
