package dev.coordination.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.nio.file.Paths;

/** {@code java -jar coordination-agent.jar cp ACTION [ARG] SETTINGS}, as an operator runs it. */
final class CpAdminCommand {

    private CpAdminCommand() {}

    /** Runs the command and returns its standard output; fails with its output when it fails. */
    static String run(Path dir, String settings, String... action) throws Exception {
        String[] command = new String[action.length + 5];
        command[0] = Paths.get(System.getProperty("it.java.home", System.getProperty("java.home")), "bin", "java")
                .toString();
        command[1] = "-jar";
        command[2] = AgentJvm.agentJar().toAbsolutePath().toString();
        command[3] = "cp";
        System.arraycopy(action, 0, command, 4, action.length);
        command[command.length - 1] = settings;
        Path out = dir.resolve("cp-" + String.join("-", action) + "-" + System.nanoTime() + ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(false)
                .redirectOutput(out.toFile())
                .redirectError(dir.resolve(out.getFileName() + ".err").toFile())
                .start();
        if (!process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("cp " + String.join(" ", action) + " did not finish within 120 s");
        }
        String output = java.nio.file.Files.readString(out);
        assertThat(process.exitValue())
                .as(
                        "cp %s exit code; output:\n%s\nstderr:\n%s",
                        String.join(" ", action),
                        output,
                        java.nio.file.Files.readString(dir.resolve(out.getFileName() + ".err")))
                .isZero();
        return output;
    }

    static void signal(AgentJvm jvm, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(jvm.process.pid())).start();
        assertThat(kill.waitFor()).as("kill -%s %d", signal, jvm.process.pid()).isZero();
    }
}
