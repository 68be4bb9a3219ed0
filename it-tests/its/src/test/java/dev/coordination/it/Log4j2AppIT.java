package dev.coordination.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A plain application on SLF4J 1.7 bound to Log4j 2 ({@code it-tests/samples/log4j2-app}), which
 * configures Log4j 2 in {@code main} by a system property: with the agent in {@code mode=local} and
 * {@code coordination.log-output} left at {@code auto}, the agent's lines come out in the
 * application's layout, at the levels its configuration sets under {@code dev.coordination}. With
 * {@code log-output=stderr} they stay on standard error; with SLF4J but no provider (its NOP logger
 * would drop them) they go there too. Three short JVMs, about a second each.
 */
class Log4j2AppIT {

    /** A line the agent writes on standard error: {@code <instant> LEVEL [thread] coordination <logger> - <text>}. */
    private static final Pattern AGENT_LINE = Pattern.compile(
            "(?m)^\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z (TRACE|DEBUG|INFO|WARN|ERROR) \\[[^\\]]+\\] coordination .*$");

    private static final String MAIN = "dev.coordination.samples.log4j2.Log4j2SampleApp";

    private static Path jar() {
        return AgentJvm.builtJar("it.log4j2.app.jar");
    }

    /** Runs the sample to its end with the agent; returns its stdout and stderr. */
    private static String run(String name, String agentArgs, String classPath) throws Exception {
        Path dir = AgentJvm.workDir("log4j2");
        long started = System.nanoTime();
        try (AgentJvm jvm = AgentJvm.startWithClassPath(name, dir, agentArgs, classPath, MAIN)) {
            assertThat(jvm.awaitExit(60))
                    .as("exit code; log:\n%s", jvm.output())
                    .isZero();
            System.out.printf("Log4j2AppIT: %s, %d ms%n", name, (System.nanoTime() - started) / 1_000_000);
            return jvm.output();
        }
    }

    @Test
    void agentLinesComeOutInTheApplicationsLog4j2LayoutAtItsLevels() throws Exception {
        Path lib = jar().resolveSibling("lib");
        String output = run("log4j2-app", "mode=local", jar() + File.pathSeparator + lib + File.separator + "*");

        assertThat(output)
                .as("the application's own line, in its layout")
                .containsPattern("(?m)^L4J2\\|[0-9:.]+\\|INFO \\|main\\|dev\\.coordination\\.samples\\.log4j2\\."
                        + "Log4j2SampleApp\\|sample done: count=3$");
        // Written in premain, before Log4j 2 was configured: kept, then replayed in its layout.
        assertThat(output)
                .containsPattern("(?m)^L4J2\\|[0-9:.]+\\|INFO \\|main\\|dev\\.coordination\\.agent\\.LockAgent\\|"
                        + "coordination agent \\S+ started: mode=local, .*log-output=auto, .*$");
        List<String> acquired =
                output.lines().filter(line -> line.contains("acquired by")).collect(Collectors.toList());
        assertThat(acquired)
                .as("per-lock DEBUG lines: dev.coordination.agent.runtime is at DEBUG, coordination.log-level at info")
                .hasSize(3)
                .allMatch(
                        line -> line.matches("L4J2\\|[0-9:.]+\\|DEBUG\\|main\\|dev\\.coordination\\.agent\\.runtime\\."
                                + "ThreadLocks\\|Lock \"log4j2-counter\" acquired by \"Log4j2SampleApp#add\\(String\\)\""
                                + " :: waited [0-9.]+s"));
        assertThat(output)
                .as("the agent's WARN of mode=local: dev.coordination.agent.startup is at ERROR")
                .doesNotContain("coordination.mode=local: locks are held inside this JVM only");
        assertThat(output).as("the agent's own stderr format").doesNotContainPattern(AGENT_LINE);
        System.out.println("Log4j2AppIT: routed line: " + acquired.get(0));
    }

    @Test
    void logOutputStderrKeepsTheLinesOnStandardErrorAtCoordinationLogLevel() throws Exception {
        Path lib = jar().resolveSibling("lib");
        String output = run(
                "log4j2-stderr",
                "mode=local,log-output=stderr",
                jar() + File.pathSeparator + lib + File.separator + "*");

        assertThat(output)
                .containsPattern(AGENT_LINE)
                .contains("coordination LockAgent - coordination agent")
                .contains("coordination.mode=local: locks are held inside this JVM only")
                .doesNotContain("acquired by")
                .doesNotContain("|dev.coordination.agent");
        assertThat(output).contains("sample done: count=3");
    }

    @Test
    void anSlf4jWithoutAProviderWouldLoseTheLinesSoStandardErrorGetsThem() throws Exception {
        // SLF4J 1.7 without Log4j 2's binding: its NOP logger would drop every line.
        Path lib = jar().resolveSibling("lib");
        String classPath = String.join(
                File.pathSeparator,
                jar().toString(),
                lib.resolve("slf4j-api-1.7.36.jar").toString(),
                System.getProperty("it.annotations.jar"));
        String output = run("log4j2-nop", "mode=local", classPath);

        assertThat(output)
                .contains("the application's SLF4J has no provider (org.slf4j.helpers.NOPLoggerFactory)")
                .containsPattern(
                        "(?m)^\\S+Z INFO \\[main\\] coordination LockAgent - coordination agent \\S+ started: ");
        assertThat(output.indexOf("has no provider"))
                .as("the reason first, then the kept lines")
                .isLessThan(output.indexOf("coordination LockAgent - coordination agent"));
    }
}
