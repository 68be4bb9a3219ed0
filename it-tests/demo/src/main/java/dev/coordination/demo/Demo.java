package dev.coordination.demo;

import dev.coordination.support.FreePorts;
import dev.coordination.support.SharedCounters;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The demo: starts JVMs with the coordination agent on 127.0.0.1, which form one Hazelcast
 * cluster with a CP subsystem (Raft) of 3 members, lets their threads hammer a {@link
 * VolumeService} whose counters live in files, and checks that no update was lost and no lock
 * ever had two holders. Exits 0 when all is well.
 *
 * <p>Options: {@code --jvms 3 --threads 4 --seconds 10 --agent path/to/coordination-agent.jar
 * --backend hazelcast|zookeeper}. With {@code --backend zookeeper} the JVMs lock on a ZooKeeper
 * server that the demo runs inside its own JVM ({@link DemoZooKeeper}), so nothing needs installing.
 */
public final class Demo {

    private Demo() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int jvms = Integer.parseInt(options.getOrDefault("jvms", "3"));
        int threads = Integer.parseInt(options.getOrDefault("threads", "4"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "10"));
        Path agent = agentJar(options.get("agent"));
        Path dir = Files.createTempDirectory("coordination-demo-");
        int port = FreePorts.block(jvms, 20000, 40000);
        int cpMembers = jvms >= 3 ? 3 : 0;
        String members = memberList(port, jvms);
        // Fewer than 3 JVMs cannot form a CP subsystem; 2 in unsafe mode need the opt-in to lock at all.
        String backend = options.getOrDefault("backend", "hazelcast");
        DemoZooKeeper zooKeeper = backend.equals("zookeeper") ? DemoZooKeeper.start() : null;
        String agentArgs = zooKeeper != null
                ? zooKeeper.agentArgs()
                : "cluster-name=demo-" + port + ",port=" + port + ",members=" + members
                        + ",cp-member-count=" + cpMembers + ",session-ttl=10,heartbeat=2"
                        + (cpMembers == 0 && jvms >= 2 ? ",allow-unsafe-cluster=true" : "");
        if (zooKeeper != null) {
            System.out.printf(
                    "coordination demo: %d JVMs locking on ZooKeeper at %s (a server inside this JVM),"
                            + " %d threads each, %d s of work%n  run directory: %s%n",
                    jvms, zooKeeper.connect(), threads, seconds, dir);
        } else {
            System.out.printf(
                    "coordination demo: %d JVMs on 127.0.0.1:%d-%d, CP subsystem of %d, %d threads each,"
                            + " %d s of work%n  run directory: %s%n",
                    jvms, port, port + jvms - 1, cpMembers, threads, seconds, dir);
        }

        long begin = System.nanoTime();
        List<Process> processes = new ArrayList<>();
        for (int i = 1; i <= jvms; i++) {
            processes.add(new ProcessBuilder(
                            javaBinary(),
                            "-javaagent:" + agent + "=" + agentArgs,
                            "-cp",
                            System.getProperty("java.class.path"),
                            DemoWorker.class.getName(),
                            dir.toString(),
                            Integer.toString(i),
                            Integer.toString(threads),
                            Integer.toString(seconds))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("worker-" + i + ".log").toFile())
                    .start());
        }
        try {
            awaitReady(dir, processes, 90);
            System.out.printf("  cluster formed and first locks taken in %.1f s%n", since(begin));
            Files.createFile(dir.resolve("go"));
            for (int i = 0; i < processes.size(); i++) {
                Process process = processes.get(i);
                if (!process.waitFor(seconds + 60L, TimeUnit.SECONDS)) {
                    fail(dir, "JVM " + (i + 1) + " did not finish within " + (seconds + 60) + " s");
                }
            }
        } finally {
            processes.forEach(Process::destroyForcibly);
            if (zooKeeper != null) {
                zooKeeper.close();
            }
        }
        System.exit(report(dir, processes, since(begin)) ? 0 : 1);
    }

    private static boolean report(Path dir, List<Process> processes, double elapsed) throws IOException {
        long calls = 0;
        long errors = 0;
        long callMillis = 0;
        long longest = 0;
        int maxHolders = 0;
        Map<String, Long> expected = new TreeMap<>();
        boolean exitedCleanly = true;
        for (int i = 1; i <= processes.size(); i++) {
            int exit = processes.get(i - 1).exitValue();
            Path file = dir.resolve("report-" + i + ".properties");
            if (exit != 0 || !Files.exists(file)) {
                System.out.printf(
                        "  JVM %d exited with %d; its log: %s%n", i, exit, dir.resolve("worker-" + i + ".log"));
                exitedCleanly = false;
                if (!Files.exists(file)) {
                    continue;
                }
            }
            Properties report = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                report.load(in);
            }
            long jvmCalls = Long.parseLong(report.getProperty("calls"));
            System.out.printf(
                    "  JVM %d: %,d calls, longest call %s ms%n", i, jvmCalls, report.getProperty("longestCallMillis"));
            calls += jvmCalls;
            errors += Long.parseLong(report.getProperty("errors"));
            callMillis += Long.parseLong(report.getProperty("callMillis"));
            longest = Math.max(longest, Long.parseLong(report.getProperty("longestCallMillis")));
            maxHolders = Math.max(maxHolders, Integer.parseInt(report.getProperty("maxHolders")));
            for (String key : report.stringPropertyNames()) {
                if (key.startsWith("increments.")) {
                    expected.merge(
                            key.substring("increments.".length()), Long.parseLong(report.getProperty(key)), Long::sum);
                }
            }
        }
        long expectedTotal = 0;
        long lost = 0;
        for (Map.Entry<String, Long> counter : expected.entrySet()) {
            long found = SharedCounters.read(dir.resolve("counters").resolve(counter.getKey()));
            expectedTotal += counter.getValue();
            lost += counter.getValue() - found;
        }
        boolean ok = exitedCleanly && errors == 0 && lost == 0 && maxHolders == 1 && calls > 0;
        System.out.printf("  calls:                         %,d (%,d failed)%n", calls, errors);
        System.out.printf(
                "  time in calls:                 %,d ms, longest call %,d ms (includes waiting for locks)%n",
                callMillis, longest);
        System.out.printf(
                "  lost updates:                  %,d (%d counters, %,d increments expected)%n",
                lost, expected.size(), expectedTotal);
        System.out.printf("  most holders of one lock seen: %d%n", maxHolders);
        System.out.printf(
                "  %s in %.1f s%n", ok ? "OK: every section was exclusive across the JVMs" : "FAILED", elapsed);
        return ok;
    }

    private static void awaitReady(Path dir, List<Process> processes, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (int i = 1; i <= processes.size(); i++) {
            Path ready = dir.resolve("ready-" + i);
            while (!Files.exists(ready)) {
                if (!processes.get(i - 1).isAlive()) {
                    fail(
                            dir,
                            "JVM " + i + " exited early with "
                                    + processes.get(i - 1).exitValue());
                }
                if (System.nanoTime() > deadline) {
                    fail(dir, "JVM " + i + " was not ready within " + seconds + " s");
                }
                Thread.sleep(50);
            }
        }
    }

    private static void fail(Path dir, String why) throws IOException {
        System.out.println("  FAILED: " + why + "; logs in " + dir);
        try (var logs = Files.list(dir)) {
            for (Path log :
                    (Iterable<Path>) logs.filter(p -> p.getFileName().toString().endsWith(".log"))::iterator) {
                List<String> lines = Files.readAllLines(log);
                System.out.println("  --- last lines of " + log.getFileName());
                lines.subList(Math.max(0, lines.size() - 15), lines.size())
                        .forEach(l -> System.out.println("    " + l));
            }
        }
        System.exit(1);
    }

    static Path agentJar(String given) {
        List<Path> candidates = new ArrayList<>();
        if (given != null) {
            candidates.add(Paths.get(given));
        }
        candidates.add(Paths.get("agent", "target", "coordination-agent.jar"));
        try {
            Path self = Paths.get(Demo.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            // it-tests/demo/target/coordination-demo.jar: the agent is at agent/target, three levels up.
            candidates.add(
                    self.getParent().resolve(Paths.get("..", "..", "..", "agent", "target", "coordination-agent.jar")));
        } catch (Exception ignored) {
            // Only a convenience; the explicit candidates remain.
        }
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        System.err.println("coordination demo: no agent jar found at " + candidates
                + "; build it with: mvn -B -q -DskipTests package (or pass --agent PATH)");
        System.exit(2);
        return null;
    }

    static String javaBinary() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    static String memberList(int port, int count) {
        StringBuilder members = new StringBuilder();
        for (int i = 0; i < count; i++) {
            members.append(i == 0 ? "" : ",").append("127.0.0.1:").append(port + i);
        }
        return members.toString();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    private static double since(long begin) {
        return (System.nanoTime() - begin) / 1e9;
    }
}
