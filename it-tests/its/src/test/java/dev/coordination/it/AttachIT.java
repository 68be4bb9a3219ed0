package dev.coordination.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The agent attached to JVMs that are already running ({@code java -jar coordination-agent.jar
 * attach PID settings}): the application JVMs start without it, load and run their {@code
 * @Synchronized} method unlocked, and get it locked once the agent is attached and has
 * retransformed the already loaded class.
 */
class AttachIT {

    private static final String APP = "dev.coordination.it.apps.AttachApp";

    @Test
    void methodRunsConcurrentlyBeforeTheAttachAndExclusivelyAcrossTwoJvmsAfterIt() throws Exception {
        Path dir = AgentJvm.workDir("attach");
        String settings = Ports.cluster("attach", Ports.freeBlock(2), 2, "allow-unsafe-cluster=true");
        int threads = 4;
        int calls = 100;
        String[] race = {"race", dir.toString(), "", "" + threads, "" + calls};
        try (AgentJvm a = AgentJvm.startWithoutAgent("a", dir, AgentJvm.appClassPath(), APP, with(race, 2, "a"));
                AgentJvm b = AgentJvm.startWithoutAgent("b", dir, AgentJvm.appClassPath(), APP, with(race, 2, "b"))) {
            AgentJvm.awaitFile(dir.resolve("ready-a"), 60, a, b);
            AgentJvm.awaitFile(dir.resolve("ready-b"), 60, a, b);

            // Before: no agent, so both JVMs get inside the section at the same time.
            Files.createFile(dir.resolve("meet"));
            AgentJvm.awaitFile(dir.resolve("met-a"), 150, a, b);
            AgentJvm.awaitFile(dir.resolve("met-b"), 150, a, b);
            assertThat(read(dir.resolve("met-a")))
                    .as("holders a saw inside at once, before the attach")
                    .isEqualTo("2");
            assertThat(read(dir.resolve("met-b")))
                    .as("holders b saw inside at once, before the attach")
                    .isEqualTo("2");
            long countedBefore = Long.parseLong(read(dir.resolve("counters").resolve("shared")));

            // Attach to a, wait until its member is up, then b joins it (no race to form two clusters).
            Command attachA = attach(dir, a, settings);
            assertThat(attachA.exit).as("attach to a; %s", attachA).isZero();
            assertThat(attachA.out)
                    .as("%s", attachA)
                    .contains("attached to JVM " + a.process.pid())
                    .contains("retransformed 1 class(es) declaring @Synchronized methods, 2 method(s) locked");
            Files.createFile(dir.resolve("warm-a"));
            AgentJvm.awaitFile(dir.resolve("warmed-a"), 90, a, b);
            Command attachB = attach(dir, b, settings);
            assertThat(attachB.exit).as("attach to b; %s", attachB).isZero();
            Files.createFile(dir.resolve("warm-b"));
            AgentJvm.awaitFile(dir.resolve("warmed-b"), 90, a, b);

            // A second attach is refused, and changes nothing.
            Command again = attach(dir, a, settings);
            assertThat(again.exit).as("second attach to a; %s", again).isEqualTo(1);
            assertThat(again.err)
                    .as("%s", again)
                    .contains("JVM " + a.process.pid() + " refused the agent:"
                            + " the coordination agent already runs in this JVM");

            Files.createFile(dir.resolve("go"));
            AgentJvm.awaitFile(dir.resolve("done-a"), 150, a, b);
            AgentJvm.awaitFile(dir.resolve("done-b"), 150, a, b);
            for (String jvm : List.of("a", "b")) {
                String[] done = read(dir.resolve("done-" + jvm)).split(" ");
                assertThat(done[0])
                        .as("failed calls in %s; logs:\n%s\n%s", jvm, a.output(), b.output())
                        .isEqualTo("0");
                assertThat(done[1])
                        .as("most holders %s saw inside at once, after the attach", jvm)
                        .isEqualTo("1");
            }
            long expected = countedBefore + 2L * threads * calls;
            long counted = Long.parseLong(read(dir.resolve("counters").resolve("shared")));
            assertThat(counted)
                    .as("increments of the shared counter after the attach (lost: %d)", expected - counted)
                    .isEqualTo(expected);
            assertThat(a.output()).contains("Attached to a running JVM: looked at");
            assertThat(a.output()
                            .lines()
                            .filter(line -> line.contains("coordination agent") && line.contains(" started: mode="))
                            .count())
                    .as("agent starts in a; log:\n%s", a.output())
                    .isEqualTo(1);
        }
    }

    @Test
    void parameterNamesFromMethodParametersSurviveRetransformationOfAClassWithoutDebugInfo() throws Exception {
        Path dir = AgentJvm.workDir("attach-names");
        Path classes = dir.resolve("sample-classes");
        compileWithoutDebugInfo(classes);
        byte[] classFile = Files.readAllBytes(classes.resolve("attachsample/Volumes.class"));
        assertThat(contains(classFile, "MethodParameters"))
                .as("compiled with -parameters")
                .isTrue();
        assertThat(contains(classFile, "LocalVariableTable"))
                .as("compiled with -g:none")
                .isFalse();

        String settings = Ports.cluster("attach-names", Ports.freeBlock(1), 1, "");
        String classPath = AgentJvm.appClassPath() + java.io.File.pathSeparator + classes;
        try (AgentJvm jvm = AgentJvm.startWithoutAgent(
                "solo", dir, classPath, APP, "call", dir.toString(), "solo", "attachsample.Volumes", "touch", "7")) {
            AgentJvm.awaitFile(dir.resolve("before-solo"), 60, jvm);
            assertThat(read(dir.resolve("before-solo"))).isEqualTo("unlocked");

            // A bad setting fails the attach with the agent's own message; the JVM runs on.
            Command bad = attach(dir, jvm, "port=abc");
            assertThat(bad.exit).as("attach with port=abc; %s", bad).isEqualTo(1);
            assertThat(bad.err)
                    .as("%s", bad)
                    .contains("invalid configuration: agent argument port=\"abc\": not a whole number");
            assertThat(jvm.process.isAlive())
                    .as("the application JVM survives a bad attach; log:\n%s", jvm.output())
                    .isTrue();

            Command attach = attach(dir, jvm, settings);
            assertThat(attach.exit).as("attach; %s", attach).isZero();
            Files.createFile(dir.resolve("again-solo"));
            AgentJvm.awaitFile(dir.resolve("after-solo"), 120, jvm);
            assertThat(read(dir.resolve("after-solo")))
                    .as("after the attach; log:\n%s", jvm.output())
                    .startsWith("locked volume-7 fence=");
            assertThat(jvm.output()).doesNotContain("compiled without -parameters");
        }
    }

    @Test
    void attachingToAJvmStartedWithTheAgentIsRefusedAndChangesNothing() throws Exception {
        Path dir = AgentJvm.workDir("attach-twice");
        String settings = Ports.cluster("attach-twice", Ports.freeBlock(1), 1, "");
        try (AgentJvm jvm = AgentJvm.start(
                "started",
                dir,
                settings,
                APP,
                "call",
                dir.toString(),
                "started",
                "dev.coordination.it.apps.AttachSections",
                "probe",
                "p")) {
            AgentJvm.awaitFile(dir.resolve("before-started"), 90, jvm);
            assertThat(read(dir.resolve("before-started")))
                    .as("log:\n%s", jvm.output())
                    .startsWith("locked fence=");

            Command attach = attach(dir, jvm, settings);
            assertThat(attach.exit).as("%s", attach).isEqualTo(1);
            assertThat(attach.err)
                    .as("%s", attach)
                    .contains("refused the agent: the coordination agent already runs"
                            + " in this JVM (started with -javaagent or attached before); this attach changed nothing");

            Files.createFile(dir.resolve("again-started"));
            AgentJvm.awaitFile(dir.resolve("after-started"), 60, jvm);
            assertThat(read(dir.resolve("after-started")))
                    .as("log:\n%s", jvm.output())
                    .startsWith("locked fence=");
            assertThat(jvm.awaitExit(60))
                    .as("exit code; log:\n%s", jvm.output())
                    .isZero();
            String log = jvm.output();
            assertThat(log)
                    .contains("coordination: the coordination agent already runs in this JVM")
                    .doesNotContain("Attached to a running JVM")
                    .doesNotContain("Exception");
            assertThat(log.lines()
                            .filter(line -> line.contains(" started: mode="))
                            .count())
                    .as("agent starts; log:\n%s", log)
                    .isEqualTo(1);
        }
    }

    @Test
    void attachCommandOnAJavaWithoutTheAttachModuleSaysWhatIsMissing() throws Exception {
        Path dir = AgentJvm.workDir("attach-jre");
        Command command = run(
                dir,
                "jre",
                AgentJvm.javaBinary(),
                "--limit-modules",
                "java.base,java.instrument",
                "-jar",
                AgentJvm.agentJar().toAbsolutePath().toString(),
                "attach",
                "1");
        assertThat(command.exit).as("%s", command).isEqualTo(1);
        assertThat(command.err)
                .as("%s", command)
                .contains("attach needs the jdk.attach module")
                .contains("full JDK");
    }

    private static String[] with(String[] args, int index, String value) {
        String[] copy = Arrays.copyOf(args, args.length);
        copy[index] = value;
        return copy;
    }

    /** {@code java -jar coordination-agent.jar attach PID SETTINGS}, as a user runs it. */
    private static Command attach(Path dir, AgentJvm target, String settings) throws Exception {
        return run(
                dir,
                "attach-" + target.process.pid(),
                AgentJvm.javaBinary(),
                "-jar",
                AgentJvm.agentJar().toAbsolutePath().toString(),
                "attach",
                Long.toString(target.process.pid()),
                settings);
    }

    private static Command run(Path dir, String name, String... command) throws Exception {
        Path out = dir.resolve(name + "-" + System.nanoTime() + ".out");
        Path err = dir.resolve(out.getFileName() + ".err");
        Process process = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within 120 s");
        }
        return new Command(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static final class Command {
        final int exit;
        final String out;
        final String err;

        Command(int exit, String out, String err) {
            this.exit = exit;
            this.out = out;
            this.err = err;
        }

        @Override
        public String toString() {
            return "exit " + exit + ", stdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    private static void compileWithoutDebugInfo(Path classes) throws Exception {
        Path source = classes.resolveSibling("sample-sources").resolve("attachsample/Volumes.java");
        Files.createDirectories(source.getParent());
        Files.createDirectories(classes);
        Files.writeString(
                source,
                String.join(
                        "\n",
                        "package attachsample;",
                        "import dev.coordination.Coordination;",
                        "import dev.coordination.Synchronized;",
                        "public final class Volumes {",
                        "    @Synchronized(\"volume-{volumeId}\")",
                        "    public static String touch(String volumeId) {",
                        "        if (!Coordination.isActive()) {",
                        "            return \"unlocked\";",
                        "        }",
                        "        return \"locked volume-\" + volumeId + \" fence=\" + Coordination.fence(\"volume-\" + volumeId);",
                        "    }",
                        "}"),
                StandardCharsets.UTF_8);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("the tests need a JDK's compiler").isNotNull();
        List<String> arguments = new ArrayList<>(List.of(
                "-parameters",
                "-g:none",
                "--release",
                "17",
                "-cp",
                System.getProperty("it.annotations.jar"),
                "-d",
                classes.toString(),
                source.toString()));
        assertThat(javac.run(null, null, null, arguments.toArray(new String[0])))
                .as("javac %s", arguments)
                .isZero();
    }

    private static boolean contains(byte[] bytes, String text) {
        return new String(bytes, StandardCharsets.ISO_8859_1).contains(text);
    }

    private static String read(Path file) throws Exception {
        return Files.readString(file, StandardCharsets.UTF_8).trim();
    }
}
