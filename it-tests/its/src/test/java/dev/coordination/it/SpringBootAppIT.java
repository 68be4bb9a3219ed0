package dev.coordination.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances of a real Spring Boot application, packaged by {@code spring-boot-maven-plugin} as
 * an executable fat jar ({@code it-tests/samples/spring-boot-app}), started as users start them:
 * {@code java -javaagent:coordination-agent.jar=... -jar spring-boot-app.jar}. The application
 * brings its own Hazelcast 5.7.0 (its own two-member cluster, apart from the agent's), ByteBuddy
 * 1.17.8 (which generates a locked class at run time) and SLF4J 2.0.18 with Logback. The locked
 * methods of its {@code @Service} (called through the bean, on itself, and a private one) do an
 * unprotected read-modify-write on an entry of the application's {@code IMap}. The agent's lines go
 * to the application's Logback ({@code coordination.log-output=auto}), whose {@code
 * logback-spring.xml} sets {@code dev.coordination} to DEBUG.
 *
 * <p>Both instances run once (in {@link #runTwoInstances}); each test checks one side of it.
 */
class SpringBootAppIT {

    private static final int THREADS = 3;
    private static final int CALLS = 80;
    /** A line the agent writes on standard error: {@code <instant> LEVEL [thread] coordination <logger> - <text>}. */
    private static final Pattern AGENT_LINE = Pattern.compile(
            "\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z (TRACE|DEBUG|INFO|WARN|ERROR) \\[[^\\]]+\\] coordination \\S+ - .*");

    private static final String LOGBACK_PROVIDER = "ch.qos.logback.classic.spi.LogbackServiceProvider";

    private static final List<BootJvm> instances = new ArrayList<>();
    private static String appClusterName;

    @BeforeAll
    static void runTwoInstances() throws Exception {
        Path dir = AgentJvm.workDir("spring-boot");
        int first = Ports.freeBlock(4);
        // No log-level: the application's logback-spring.xml decides the agent's levels.
        String agentArgs = Ports.cluster("boot", first, 2, "allow-unsafe-cluster=true");
        appClusterName = "boot-app-" + first;
        String appMembers = "127.0.0.1:" + (first + 2) + ",127.0.0.1:" + (first + 3);
        for (int i = 0; i < 2; i++) {
            // The second names its SLF4J provider, as some Logback users do; it is meant for the
            // application's SLF4J, and the agent's own copy must leave it alone.
            List<String> jvmOptions = i == 0 ? List.of() : List.of("-Dslf4j.provider=" + LOGBACK_PROVIDER);
            BootJvm jvm = BootJvm.start(
                    "app" + (i + 1),
                    dir,
                    jvmOptions,
                    agentArgs,
                    "--sample.dir=" + dir,
                    "--sample.threads=" + THREADS,
                    "--sample.calls=" + CALLS,
                    "--sample.hazelcast.cluster-name=" + appClusterName,
                    "--sample.hazelcast.port=" + (first + 2 + i),
                    "--sample.hazelcast.members=" + appMembers);
            instances.add(jvm);
            // The second starts once the first one's members (the agent's and the app's) are up,
            // so it joins both clusters instead of racing to form its own.
            awaitFile(dir.resolve("ready-" + jvm.process.pid()), 120);
        }
        Files.createFile(dir.resolve("go"));
        for (BootJvm jvm : instances) {
            awaitFile(dir.resolve("done-" + jvm.process.pid()), 180);
        }
        Files.createFile(dir.resolve("finish"));
        for (BootJvm jvm : instances) {
            assertThat(jvm.awaitExit(90))
                    .as("%s's exit code; %s", jvm.name, jvm.describe())
                    .isZero();
        }
    }

    @AfterAll
    static void stopInstances() {
        instances.forEach(BootJvm::close);
    }

    @Test
    void lockedMethodsOfASpringBeanLoseNoUpdateAcrossTwoFatJarInstances() throws Exception {
        long expected = 2L * THREADS * CALLS;
        for (BootJvm jvm : instances) {
            assertThat(jvm.result("failures"))
                    .as("failed calls in %s; %s", jvm.name, jvm.describe())
                    .isEqualTo("0");
            assertThat(Long.parseLong(jvm.result("count")))
                    .as("the IMap entry after %d locked read-modify-writes (lost updates: the difference)", expected)
                    .isEqualTo(expected);
            assertThat(jvm.result("maxHolders"))
                    .as("most callers inside the locked section at once, across both JVMs")
                    .isEqualTo("1");
            assertThat(jvm.result("fenceRegressions"))
                    .as("callers whose fence was not larger than the one the previous holder wrote")
                    .isEqualTo("0");
            assertThat(jvm.result("coordinationActive")).isEqualTo("true");
        }
        // The same read-modify-write without the lock does overlap, so the checks above could fail.
        int unlockedMax = instances.stream()
                .mapToInt(jvm -> Integer.parseInt(jvm.result("unlockedMaxHolders")))
                .max()
                .orElseThrow();
        assertThat(unlockedMax)
                .as("most callers inside the unlocked control section at once")
                .isGreaterThan(1);
        System.out.printf(
                "SpringBootAppIT: %d locked sections, 0 lost, at most 1 holder; unlocked control: %s of %d"
                        + " updates kept, at most %d holders%n",
                expected, instances.get(0).result("unlockedCount"), 2L * THREADS * Math.max(1, CALLS / 4), unlockedMax);
    }

    @Test
    void selfInvokedPrivateAndGeneratedMethodsAreLockedToo() throws Exception {
        long perPath = (long) THREADS * CALLS / 4;
        for (BootJvm jvm : instances) {
            // Each path calls Coordination.fence, which throws unless the thread holds the lock.
            assertThat(jvm.result("throughBean")).isEqualTo("" + perPath);
            assertThat(jvm.result("selfInvoked")).isEqualTo("" + perPath);
            assertThat(jvm.result("privateMethod")).isEqualTo("" + perPath);
            assertThat(jvm.result("generatedClass")).isEqualTo("" + perPath);
            String logback = jvm.logback();
            for (String method : List.of(
                    "CounterService#addThroughBean(String)",
                    "CounterService#addSelfInvoked(String)",
                    "CounterService#addPrivately(String)",
                    "GeneratedCounterStep#add(String)")) {
                assertThat(logback)
                        .as("the agent's DEBUG line for %s in %s's Logback file", method, jvm.name)
                        .containsPattern(
                                "(?m)^BOOTAPP [0-9:.]+ DEBUG \\[[^\\]]+\\] dev\\.coordination\\.agent\\.runtime\\."
                                        + "ThreadLocks - Lock \"boot-counter-shared\" acquired by \""
                                        + Pattern.quote(method)
                                        + "\" :: waited [0-9.]+s$");
            }
        }
    }

    @Test
    void theApplicationsOwnHazelcastByteBuddyAndSlf4jAreTheOnesItUses() throws Exception {
        for (BootJvm jvm : instances) {
            assertThat(jvm.result("appHazelcastVersion")).isEqualTo("5.7.0");
            assertThat(jvm.result("appHazelcastJar")).contains("!BOOT-INF/lib/hazelcast-5.7.0.jar");
            assertThat(jvm.result("appClusterName")).isEqualTo(appClusterName);
            assertThat(jvm.result("appClusterMembers"))
                    .as("members of the application's own cluster")
                    .isEqualTo("2");
            // Before the agent jar dropped them, this was the agent's (5.4) copy on the system class path.
            assertThat(jvm.result("appHazelcastDefaults"))
                    .as("the hazelcast-default.xml that the application's Config.loadDefault() read")
                    .endsWith("!BOOT-INF/lib/hazelcast-5.7.0.jar!/hazelcast-default.xml");
            assertThat(jvm.logback()).doesNotContain("hazelcast-config-5.4.xsd");
            assertThat(jvm.result("appByteBuddyJar")).contains("!BOOT-INF/lib/byte-buddy-1.17.8.jar");
            assertThat(jvm.result("generatedClassLoader"))
                    .isEqualTo("net.bytebuddy.dynamic.loading.ByteArrayClassLoader");
            assertThat(jvm.result("slf4jJar")).contains("!BOOT-INF/lib/slf4j-api-2.0.18.jar");
            assertThat(jvm.result("slf4jLoggerFactory")).isEqualTo("ch.qos.logback.classic.LoggerContext");
            // Meanwhile the agent's own Hazelcast 5.4 ran its own cluster in the same JVM; its
            // lines, too, go to the application's Logback, under dev.coordination.hazelcast.
            assertThat(jvm.logback())
                    .containsPattern(
                            "(?m)^BOOTAPP [0-9:.]+ WARN  \\[[^\\]]+\\] dev\\.coordination\\.hazelcast\\.\\S+ - .*"
                                    + "\\[5\\.4\\.0\\] CP Subsystem is not enabled");
            assertThat(jvm.stderr()).doesNotContain("[5.7.0]").doesNotContain("[5.4.0]");
        }
    }

    @Test
    void agentLogsGoToTheApplicationsLogbackWhichStartsInMainWithItsOwnConfiguration() throws Exception {
        for (BootJvm jvm : instances) {
            long mainStarted = Long.parseLong(jvm.result("mainStartedMillis"));
            long logbackBorn = Long.parseLong(jvm.result("logbackBirthMillis"));
            assertThat(logbackBorn)
                    .as("Logback's LoggerContext birth time against main's start (ms)")
                    .isGreaterThanOrEqualTo(mainStarted);

            List<String> agentFormat = jvm.stderr()
                    .lines()
                    .filter(line -> AGENT_LINE.matcher(line).matches())
                    .collect(Collectors.toList());
            assertThat(agentFormat)
                    .as("lines in the agent's own format on %s's stderr", jvm.name)
                    .isEmpty();
            assertThat(jvm.stderr())
                    // Before the agent's SLF4J read a key of its own, -Dslf4j.provider made it
                    // print "SLF4J(E): Failed to instantiate ..." with a stack trace.
                    .doesNotContain("SLF4J(E)")
                    .doesNotContain("coordination agent");

            String logback = jvm.logback();
            // Written in premain, before main (and Logback) began: kept, then replayed once Spring
            // Boot had applied logback-spring.xml.
            Pattern started =
                    Pattern.compile("(?m)^BOOTAPP [0-9:.]+ INFO  \\[main\\] dev\\.coordination\\.agent\\.LockAgent"
                            + " - coordination agent \\S+ started: mode=embedded, .*, log-output=auto, .*$");
            Matcher startLine = started.matcher(logback);
            assertThat(startLine.find())
                    .as("the agent's start-up line in %s's Logback file:\n%s", jvm.name, logback)
                    .isTrue();
            assertThat(logback.indexOf(startLine.group()))
                    .as("the start-up line before the application's own first line")
                    .isLessThan(logback.indexOf("dev.coordination.samples.boot.SampleRun - sample ready"));
            assertThat(logback)
                    .as("the application's Logback file, written in logback-spring.xml's pattern")
                    .containsPattern(
                            "(?m)^BOOTAPP [0-9:.]+ INFO  \\[main\\] dev\\.coordination\\.samples\\.boot\\.SampleRun - sample ready")
                    .containsPattern("(?m)^BOOTAPP [0-9:.]+ INFO .* \\S*ClusterService - .*\\[5\\.7\\.0\\]")
                    .contains("Members {size:2");
            if (jvm == instances.get(0)) {
                System.out.println("SpringBootAppIT: routed line: " + startLine.group());
                logback.lines()
                        .filter(line -> line.contains("acquired by"))
                        .findFirst()
                        .ifPresent(line -> System.out.println("SpringBootAppIT: routed line: " + line));
            }
        }
    }

    @Test
    void aProviderNamedForTheApplicationsSlf4jIsLeftToIt() throws Exception {
        BootJvm named = instances.get(1);
        long attempts = named.stderr()
                .lines()
                .filter(line -> line.startsWith("SLF4J(I): Attempting to load provider \"" + LOGBACK_PROVIDER + "\""))
                .count();
        assertThat(attempts)
                .as("SLF4J copies that tried -Dslf4j.provider (the application's only); stderr:\n%s", named.stderr())
                .isEqualTo(1);
        assertThat(named.result("slf4jLoggerFactory")).isEqualTo("ch.qos.logback.classic.LoggerContext");
        assertThat(named.logback()).contains("dev.coordination.agent.LockAgent - coordination agent");
    }

    /**
     * A third instance started as a container starts it: {@code -javaagent:} without arguments and
     * every agent setting in a {@code COORDINATION_*} environment variable. Its own files let it run
     * through at once; its start-up line, its member's address and its DEBUG lines show the settings.
     */
    @Test
    void settingsGivenOnlyAsEnvironmentVariablesReachTheAgent() throws Exception {
        Path dir = AgentJvm.workDir("spring-boot-env");
        Files.createFile(dir.resolve("go"));
        Files.createFile(dir.resolve("finish"));
        int port = Ports.freeBlock(2);
        String cluster = "boot-env-" + port;
        Map<String, String> environment = Map.of(
                "COORDINATION_CLUSTER_NAME",
                cluster,
                "COORDINATION_PORT",
                Integer.toString(port),
                "COORDINATION_MEMBERS",
                "127.0.0.1:" + port,
                "COORDINATION_PREFIX",
                "env-",
                "COORDINATION_AGENT_ID",
                "from-environment",
                "COORDINATION_LOG_LEVEL",
                "debug",
                // The agent's own format on stderr, where this test reads it (the other instances
                // show the lines in the application's Logback layout).
                "COORDINATION_LOG_OUTPUT",
                "stderr");
        try (BootJvm jvm = startWithEnvironment(
                "env",
                dir,
                environment,
                "--sample.dir=" + dir,
                "--sample.threads=1",
                "--sample.calls=4",
                "--sample.hazelcast.cluster-name=" + cluster + "-app",
                "--sample.hazelcast.port=" + (port + 1),
                "--sample.hazelcast.members=127.0.0.1:" + (port + 1))) {
            assertThat(jvm.awaitExit(90)).as("exit code; %s", jvm.describe()).isZero();
            assertThat(jvm.result("failures")).isEqualTo("0");
            assertThat(jvm.result("count")).isEqualTo("4");
            assertThat(jvm.stderr())
                    .contains("started: mode=embedded, cluster-name=" + cluster + ", members=127.0.0.1:" + port)
                    .contains("prefix=\"env-\", agent-id=from-environment,")
                    .contains("[127.0.0.1]:" + port + " [" + cluster + "] [5.4.0]")
                    .contains("Lock \"env-boot-counter-shared\" acquired by \"CounterService#addThroughBean(String)\"");
        }
    }

    /** {@code java -javaagent:<agent jar> -jar spring-boot-app.jar <args>} with {@code environment} added. */
    private static BootJvm startWithEnvironment(
            String name, Path dir, Map<String, String> environment, String... appArgs) throws IOException {
        Path logback = dir.resolve(name + "-logback.log");
        List<String> command = new ArrayList<>(List.of(
                AgentJvm.javaBinary(),
                "-javaagent:" + AgentJvm.agentJar().toAbsolutePath(),
                "-jar",
                Paths.get(System.getProperty(
                                "it.spring-boot-app.jar", "samples/spring-boot-app/target/spring-boot-app.jar"))
                        .toAbsolutePath()
                        .toString(),
                "--sample.log-file=" + logback));
        command.addAll(List.of(appArgs));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile());
        builder.environment().putAll(environment);
        return new BootJvm(name, builder.start(), dir.resolve(name + ".out"), dir.resolve(name + ".err"), logback);
    }

    private static void awaitFile(Path file, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!Files.exists(file)) {
            for (BootJvm jvm : instances) {
                if (!jvm.process.isAlive()) {
                    throw new AssertionError(jvm.name + " exited with " + jvm.process.exitValue()
                            + " while waiting for " + file.getFileName() + "; " + jvm.describe());
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + file.getFileName() + " within " + seconds + " s");
            }
            Thread.sleep(20);
        }
    }

    /** {@code java -javaagent:<agent jar>=<args> -jar spring-boot-app.jar <args>}, stdout and stderr apart. */
    private static final class BootJvm implements AutoCloseable {

        final String name;
        final Process process;
        private final Path stdout;
        private final Path stderr;
        private final Path logback;

        private BootJvm(String name, Process process, Path stdout, Path stderr, Path logback) {
            this.name = name;
            this.process = process;
            this.stdout = stdout;
            this.stderr = stderr;
            this.logback = logback;
        }

        static BootJvm start(String name, Path dir, List<String> jvmOptions, String agentArgs, String... appArgs)
                throws IOException {
            Path jar = Paths.get(
                    System.getProperty("it.spring-boot-app.jar", "samples/spring-boot-app/target/spring-boot-app.jar"));
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("no Spring Boot sample at " + jar.toAbsolutePath()
                        + "; build it with: mvn -B -pl annotations,it-tests/samples/spring-boot-app package");
            }
            Path logback = dir.resolve(name + "-logback.log");
            List<String> command = new ArrayList<>(List.of(AgentJvm.javaBinary()));
            command.addAll(jvmOptions);
            command.addAll(List.of(
                    "-javaagent:" + AgentJvm.agentJar().toAbsolutePath() + "=" + agentArgs,
                    "-jar",
                    jar.toAbsolutePath().toString(),
                    "--sample.log-file=" + logback));
            command.addAll(List.of(appArgs));
            Path out = dir.resolve(name + ".out");
            Path err = dir.resolve(name + ".err");
            Process process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            return new BootJvm(name, process, out, err, logback);
        }

        int awaitExit(long seconds) throws Exception {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(name + " did not exit within " + seconds + " s; " + describe());
            }
            return process.exitValue();
        }

        String stdout() throws IOException {
            return read(stdout);
        }

        String stderr() throws IOException {
            return read(stderr);
        }

        String logback() throws IOException {
            return read(logback);
        }

        /** The value of a {@code RESULT key=value} line on standard output; fails when there is none. */
        String result(String key) {
            try {
                return stdout().lines()
                        .filter(line -> line.startsWith("RESULT " + key + "="))
                        .map(line -> line.substring(("RESULT " + key + "=").length()))
                        .findFirst()
                        .orElseThrow(
                                () -> new AssertionError("no RESULT " + key + " from " + name + "; " + describe()));
            } catch (IOException e) {
                throw new AssertionError("cannot read " + stdout, e);
            }
        }

        String describe() {
            try {
                return "stdout:\n" + stdout() + "\nstderr:\n" + stderr();
            } catch (IOException e) {
                return "(output unreadable: " + e + ")";
            }
        }

        private static String read(Path file) throws IOException {
            return Files.exists(file) ? Files.readString(file) : "";
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }
}
