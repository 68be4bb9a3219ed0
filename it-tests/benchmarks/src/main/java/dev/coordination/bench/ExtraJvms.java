package dev.coordination.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The JVMs a benchmark group starts besides JMH's forks (cluster members, sample applications):
 * each one's output goes to a file, ready means a line or a file appeared (never a sleep), and
 * every one is killed when the group closes this, also when it failed, and from a shutdown hook
 * when the table's JVM is stopped. Test class path.
 */
final class ExtraJvms implements AutoCloseable {

    private final List<Process> started = new ArrayList<>();
    private final Thread hook = new Thread(this::killAll, "bench-extra-jvms");

    ExtraJvms() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** A started JVM and the file its output goes to. */
    static final class Jvm {
        final String name;
        final Process process;
        final Path output;

        Jvm(String name, Process process, Path output) {
            this.name = name;
            this.process = process;
            this.output = output;
        }

        /** Waits until the output contains {@code text} (or {@code file} exists, when given). */
        void awaitReady(String text, Path file, long seconds) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (true) {
                String printed = Files.exists(output) ? Files.readString(output) : "";
                if (file != null ? Files.exists(file) : printed.contains(text)) {
                    return;
                }
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited with " + process.exitValue()
                            + " before it was ready; its output:\n" + printed);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            name + " was not ready within " + seconds + " s; its output:\n" + printed);
                }
                process.waitFor(50, TimeUnit.MILLISECONDS);
            }
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    Jvm start(String name, Path dir, List<String> command) throws IOException {
        Path output = dir.resolve(name + ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        synchronized (started) {
            started.add(process);
        }
        return new Jvm(name, process, output);
    }

    /** Kills every JVM started so far (they are throwaway members: nothing to leave gracefully). */
    void killAll() {
        List<Process> all;
        synchronized (started) {
            all = new ArrayList<>(started);
            started.clear();
        }
        for (Process process : all) {
            process.destroyForcibly();
        }
        for (Process process : all) {
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }
}
