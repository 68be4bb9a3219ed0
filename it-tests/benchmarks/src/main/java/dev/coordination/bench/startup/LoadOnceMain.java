package dev.coordination.bench.startup;

import java.io.BufferedReader;
import java.io.FileReader;
import java.io.FileWriter;
import java.io.IOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * One load of the generated classes in a JVM of its own. Prints {@code loaded=<classes loaded
 * during the load>}, the load's wall and CPU times, and exits, which stops the agent's member.
 * The start-up group runs it with the agent at {@code log-level=debug} to count the classes that
 * reached ByteBuddy, and under {@code perf record} for the shares of the loading thread's time
 * ({@code HookShares}): {@code --settle} waits as the timed set-ups do ({@link
 * ClassLoading#awaitQuiet}), and {@code --perf-control <control fifo> <ack fifo>} turns perf's
 * sampling on just before the load and off just after it.
 */
public final class LoadOnceMain {

    private LoadOnceMain() {}

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        boolean settle = false;
        PerfControl perf = null;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--settle")) {
                settle = true;
            } else if (args[i].equals("--perf-control") && i + 2 < args.length) {
                perf = new PerfControl(args[i + 1], args[i + 2]);
                i += 2;
            } else {
                throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; expected <jar> [--settle] [--perf-control <control fifo> <ack fifo>]");
            }
        }
        var names = GeneratedClasses.names(jar);
        ClassLoading.awaitAgentMember();
        if (settle) {
            ClassLoading.awaitQuiet();
        }
        var process = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long before = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
        if (perf != null) {
            perf.send("enable");
        }
        long processCpu = process.getProcessCpuTime();
        long threadCpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        long start = System.nanoTime();
        try (URLClassLoader loader = ClassLoading.loaderOver(jar)) {
            ClassLoading.loadAll(loader, names);
        }
        long wall = System.nanoTime() - start;
        threadCpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - threadCpu;
        processCpu = process.getProcessCpuTime() - processCpu;
        if (perf != null) {
            perf.send("disable");
        }
        long after = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
        System.out.println("loaded=" + (after - before));
        System.out.printf(
                "ms wall=%d loading-thread-cpu=%d process-cpu=%d%n",
                wall / 1_000_000, threadCpu / 1_000_000, processCpu / 1_000_000);
        System.exit(0);
    }

    /** {@code perf record --control fifo:<control>,<ack>}: one command, then wait for perf's "ack". */
    private static final class PerfControl {
        private final Writer control;
        private final BufferedReader ack;

        PerfControl(String controlFifo, String ackFifo) throws IOException {
            control = new FileWriter(controlFifo);
            ack = new BufferedReader(new FileReader(ackFifo));
        }

        void send(String command) throws IOException {
            control.write(command + "\n");
            control.flush();
            String answer = ack.readLine();
            // perf writes "ack\n" with its C string's terminating NUL, which starts the next line
            if (answer == null || !answer.replace("\0", "").equals("ack")) {
                throw new IOException("perf answered '" + answer + "' to " + command + ", not ack");
            }
        }
    }
}
