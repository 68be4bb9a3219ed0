package dev.coordination.bench.latency;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts the contended benchmarks' second JVM ({@link LockContender}) from the benchmark fork's
 * {@code @Setup}, once this JVM is in the cluster (a contender started earlier could take one of
 * the CP seats meant for the benchmark JVM), waits for its ready file, and stops it in {@code
 * @TearDown}. The group writes the command, one argument per line, to the file named by {@code
 * -Dbench.latency.contender}; the contender's output goes next to it ({@code .log}). Test class path.
 */
public final class ContenderProcess {

    static final long READY_SECONDS = 180;

    private final Process process;
    private final Path log;

    private ContenderProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts the contender named by {@code -Dbench.latency.contender}, or returns {@code null} if none. */
    public static ContenderProcess startIfAsked() throws Exception {
        String spec = System.getProperty("bench.latency.contender");
        if (spec == null || spec.isEmpty()) {
            return null;
        }
        Path commandFile = Path.of(spec);
        List<String> lines = Files.readAllLines(commandFile);
        Path ready = Path.of(lines.get(0));
        List<String> command = new ArrayList<>(lines.subList(1, lines.size()));
        Files.deleteIfExists(ready);
        Path log = commandFile.resolveSibling(commandFile.getFileName() + ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        ContenderProcess contender = new ContenderProcess(process, log);
        contender.awaitReady(ready);
        return contender;
    }

    private void awaitReady(Path ready) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_SECONDS);
        while (!Files.exists(ready)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the contender JVM exited with " + process.exitValue()
                        + " before it was ready; its output:\n" + Files.readString(log));
            }
            if (System.nanoTime() > deadline) {
                stop();
                throw new IllegalStateException("the contender JVM was not ready within " + READY_SECONDS
                        + " s; its output:\n" + Files.readString(log));
            }
            process.waitFor(20, TimeUnit.MILLISECONDS);
        }
    }

    /** SIGTERM (so it prints its count), then SIGKILL if it does not exit within 30 s. */
    public void stop() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
