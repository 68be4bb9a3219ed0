package dev.coordination.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The operator's {@code java -jar coordination-agent.jar cp ACTION SETTINGS}, run from a host of
 * its own in the lab (the command joins the cluster for a moment as a lite member, so it needs an
 * address on the lab's network). Each run's output is kept in the run's log folder.
 */
final class CpOperator {

    private static final long COMMAND_SECONDS = 120;

    record Result(int exit, String out, String err) {}

    private final NetworkLab lab;
    private final int host;
    private final Path logDir;
    private final String settings;
    private final AtomicInteger runs = new AtomicInteger();

    CpOperator(NetworkLab lab, int host, Path logDir, String settings) {
        this.lab = lab;
        this.host = host;
        this.logDir = logDir;
        this.settings = settings;
    }

    Result run(String action) throws Exception {
        String base = "cp-" + runs.incrementAndGet() + "-" + action;
        Path out = logDir.resolve(base + ".out");
        Path err = logDir.resolve(base + ".log");
        Process process = new ProcessBuilder(lab.inside(
                        host,
                        List.of(
                                AgentJvm.javaBinary(),
                                "-Xmx256m",
                                "-XX:+UseSerialGC",
                                "-jar",
                                AgentJvm.agentJar().toAbsolutePath().toString(),
                                "cp",
                                action,
                                settings)))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        lab.owns(process);
        if (!process.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(-1, Files.readString(out), "did not end within " + COMMAND_SECONDS + " s");
        }
        return new Result(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** Runs {@code cp status} until its output satisfies {@code wanted} or {@code seconds} pass; returns the last output. */
    String awaitStatus(Predicate<String> wanted, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String last;
        do {
            Result status = run("status");
            last = status.exit() == 0 ? status.out() : "exit " + status.exit() + ": " + status.err();
            if (wanted.test(last)) {
                return last;
            }
        } while (System.nanoTime() < deadline);
        return last;
    }
}
