package dev.coordination.bench.latency;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a benchmark fork tells its group besides JMH's figures (where its JVM sits in the CP group),
 * through the file named by {@code -Dbench.latency.report}. Test class path.
 */
final class ForkReport {

    private ForkReport() {}

    static String lockName() {
        return System.getProperty("bench.latency.name", "bench-latency-lock");
    }

    static void write(String text) throws IOException {
        String file = System.getProperty("bench.latency.report");
        if (file != null && !file.isEmpty()) {
            Files.writeString(Path.of(file), text);
        }
    }
}
