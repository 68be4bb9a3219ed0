package dev.coordination.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A dedicated lock member, started as an operator would: {@code java -jar coordination-agent.jar
 * member SETTINGS}. Its standard output (where the one ready line goes) and its log go to files, so
 * a test can wait for the ready line and a failure can show the log.
 */
final class DedicatedMember implements AutoCloseable {

    final String name;
    final Process process;
    private final Path out;
    private final Path log;

    private DedicatedMember(String name, Process process, Path out, Path log) {
        this.name = name;
        this.process = process;
        this.out = out;
        this.log = log;
    }

    static DedicatedMember start(String name, Path dir, String settings) throws IOException {
        return start(name, dir, settings, List.of());
    }

    /** As {@link #start(String, Path, String)}, with JVM options before {@code -jar}. */
    static DedicatedMember start(String name, Path dir, String settings, List<String> jvmOptions) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(AgentJvm.javaBinary());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", AgentJvm.agentJar().toAbsolutePath().toString(), "member", settings));
        return launch(command, name, dir);
    }

    /** As {@link #start}, on host {@code host} of {@code lab} (in its network namespace). */
    static DedicatedMember startOn(NetworkLab lab, int host, String name, Path dir, String settings)
            throws IOException {
        DedicatedMember member = launch(
                lab.inside(
                        host,
                        List.of(
                                AgentJvm.javaBinary(),
                                "-jar",
                                AgentJvm.agentJar().toAbsolutePath().toString(),
                                "member",
                                settings)),
                name,
                dir);
        lab.owns(member.process);
        return member;
    }

    private static DedicatedMember launch(List<String> command, String name, Path dir) throws IOException {
        Path out = dir.resolve(name + ".out");
        Path log = dir.resolve(name + ".log");
        Process process = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(log.toFile())
                .start();
        return new DedicatedMember(name, process, out, log);
    }

    /**
     * Settings of member {@code index} (0-based) of a cluster of {@code size} on ports from {@code
     * first}: each member binds its own port, so a restarted member comes back at the same address.
     */
    static String settings(String cluster, int first, int size, int index, String extra) {
        return Ports.cluster(cluster, first, size, extra) + ",port=" + (first + index) + ",agent-id=" + cluster
                + "-member" + (index + 1);
    }

    /** Waits for the ready line and returns it; fails with the log when the member exits or is late. */
    String awaitReady(long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            String printed = Files.exists(out) ? Files.readString(out) : "";
            if (printed.contains(" ready in ")) {
                return printed.trim();
            }
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue()
                        + " before it was ready; stdout:\n" + printed + "\nlog:\n" + log());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " printed no ready line within " + seconds + " s; log:\n" + log());
            }
            Thread.sleep(50);
        }
    }

    /** SIGTERM, as an operator stops a member; returns the exit code. */
    int stop(long seconds) throws Exception {
        process.destroy();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(name + " did not exit within " + seconds + " s of SIGTERM; log:\n" + log());
        }
        return process.exitValue();
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "(no log)";
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
