package dev.coordination.bench;

import dev.coordination.bench.startup.LoadOnceMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where the loading thread of a settled JVM spends the load of the generated classes, from {@code
 * perf}'s samples of that thread during the load alone ({@link LoadOnceMain} turns sampling on and
 * off): the share inside the JVM's class-file hook ({@code JvmtiExport::post_class_file_load_hook},
 * which every {@code java.lang.instrument} agent makes the JVM run for each class: JPLIS copies the
 * class file, names its module and calls into Java), and within it the share spent in Java, in the
 * transformers themselves (for the coordination agent: its filter, and the weaving of the annotated
 * classes). A share compares two parts of one thread's time in one JVM, so, unlike the ratio of
 * wall times of different JVMs, it does not move with the machine's speed from minute to minute.
 * Needs Linux {@code perf} (Debian: {@code linux-perf}) and a libjvm whose symbols perf can read.
 */
final class HookShares {

    /** Samples per second: a few thousand over one load of the generated classes. */
    private static final String FREQUENCY = "1999";

    private static final String HOOK_FRAME = "post_class_file_load_hook";
    /** JPLIS calls the transformers through JNI; above this frame a sample is in Java. */
    private static final String UPCALL_FRAME = "jni_CallObjectMethod";

    private static final String JAVA_CALL_FRAME = "JavaCalls::call_helper";
    private static final long JVM_TIMEOUT_MINUTES = 3;

    /** Samples of the loading thread, pooled over the JVMs of one set-up. */
    static final class Shares {
        long samples;
        long inHook;
        long inJava;

        double hookPercent() {
            return 100.0 * inHook / samples;
        }

        double javaPercent() {
            return 100.0 * inJava / samples;
        }

        double jvmPercent() {
            return 100.0 * (inHook - inJava) / samples;
        }

        void add(Shares other) {
            samples += other.samples;
            inHook += other.inHook;
            inJava += other.inJava;
        }
    }

    private HookShares() {}

    /** Why perf cannot be used here, or null when {@code perf --version} answers. */
    static String perfMissing() {
        try {
            Process perf = new ProcessBuilder("perf", "--version")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!perf.waitFor(30, TimeUnit.SECONDS)) {
                perf.destroyForcibly();
                return "perf --version did not answer in 30 s";
            }
            return perf.exitValue() == 0 ? null : "perf --version failed (exit " + perf.exitValue() + ")";
        } catch (IOException | InterruptedException e) {
            return "perf is not installed (" + e.getMessage() + "); Debian: apt-get install linux-perf";
        }
    }

    /**
     * Loads the classes once in a fresh JVM ({@code agent}: its -javaagent option, or null) under
     * {@code perf record}; returns its loading thread's samples.
     */
    static Shares measure(Path workDir, Path jar, String name, String agent) throws Exception {
        Shares shares = new Shares();
        count(record(workDir, jar, name, agent), shares);
        requireSamples(shares, name);
        return shares;
    }

    /** Throws when perf saw too few samples, or none in the hook: it could not name the JVM's frames. */
    private static void requireSamples(Shares shares, String jvm) {
        if (shares.samples < 100 || shares.inHook == 0) {
            throw new IllegalStateException("perf saw " + shares.samples + " samples of the loading thread in " + jvm
                    + ", " + shares.inHook + " of them in " + HOOK_FRAME + ": it cannot name the JVM's frames here");
        }
    }

    /** One JVM under {@code perf record}, sampling only while it loads; returns perf's data file. */
    private static Path record(Path workDir, Path jar, String name, String agent) throws Exception {
        Path control = workDir.resolve("perf-" + name + ".control");
        Path ack = workDir.resolve("perf-" + name + ".ack");
        Path data = workDir.resolve("perf-" + name + ".data");
        Path log = workDir.resolve("perf-" + name + ".log");
        for (Path fifo : List.of(control, ack)) {
            Files.deleteIfExists(fifo);
            run(List.of("mkfifo", fifo.toString()), log);
        }
        List<String> command = new ArrayList<>(List.of(
                "perf",
                "record",
                "-e",
                "cpu-clock",
                "-F",
                FREQUENCY,
                "-g",
                "-D",
                "-1",
                "--control",
                "fifo:" + control + "," + ack,
                "-o",
                data.toString(),
                "--",
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (agent != null) {
            command.add(agent);
        }
        command.addAll(List.of(
                "-cp",
                BenchContext.classPath(),
                LoadOnceMain.class.getName(),
                jar.toString(),
                "--settle",
                "--perf-control",
                control.toString(),
                ack.toString()));
        run(command, log);
        return data;
    }

    private static void run(List<String> command, Path log) throws Exception {
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        if (!process.waitFor(JVM_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(
                    command.get(0) + " did not end in " + JVM_TIMEOUT_MINUTES + " minutes: " + log);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(
                    command.get(0) + " " + command.get(1) + " failed (exit " + process.exitValue() + "): " + log);
        }
    }

    /** Counts the loading thread's samples (the JVM's main thread, named {@code java}) in perf's data. */
    private static void count(Path data, Shares shares) throws Exception {
        Process script = new ProcessBuilder("perf", "script", "-i", data.toString(), "--comm", "java")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(script.getInputStream(), StandardCharsets.UTF_8))) {
            count(lines, shares);
        }
        if (!script.waitFor(JVM_TIMEOUT_MINUTES, TimeUnit.MINUTES) || script.exitValue() != 0) {
            script.destroyForcibly();
            throw new IllegalStateException("perf script could not read " + data);
        }
    }

    /**
     * Adds to {@code shares} the samples of {@code perf script}'s text: all of them, those inside the
     * hook, and those inside the hook in Java. perf prints each sample's stack leaf first, one frame
     * per line, samples apart by a blank line. A sample is in Java when {@code JavaCalls::call_helper}
     * comes before the upcall of the leaf-most hook.
     */
    static void count(BufferedReader lines, Shares shares) throws IOException {
        boolean inSample = false;
        boolean javaCallSeen = false;
        boolean inJava = false;
        boolean inHook = false;
        for (String line = lines.readLine(); ; line = lines.readLine()) {
            if (line == null || line.isBlank()) {
                if (inSample) {
                    shares.samples++;
                    shares.inHook += inHook ? 1 : 0;
                    shares.inJava += inHook && inJava ? 1 : 0;
                }
                if (line == null) {
                    return;
                }
                inSample = javaCallSeen = inJava = inHook = false;
                continue;
            }
            inSample = true;
            if (line.contains(JAVA_CALL_FRAME)) {
                javaCallSeen = true;
            } else if (line.contains(UPCALL_FRAME)) {
                inJava |= javaCallSeen && !inHook;
            } else if (line.contains(HOOK_FRAME)) {
                inHook = true;
            }
        }
    }
}
