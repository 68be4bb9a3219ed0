package dev.coordination.agent.attach;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads this agent jar into a running JVM with the JDK's attach API, and reads what the agent did
 * there (from an {@link AttachReport} file), for {@code java -jar coordination-agent.jar attach PID}.
 * Runs in the attaching JVM only, and needs the {@code jdk.attach} module: the command checks that
 * the module is there before it touches this class, so a Java runtime without it gets a clear
 * message instead of a {@code NoClassDefFoundError}.
 */
public final class JvmAttacher {

    private JvmAttacher() {}

    /**
     * Attaches {@code agentJar} to the JVM {@code pid} with {@code settings} as agent arguments.
     *
     * @return what the agent reported: the classes it retransformed
     * @throws AttachFailedException when the JVM cannot be attached to or the agent refused to start
     *     there (bad settings, agent already running); the message says which
     */
    public static String attach(String pid, String settings, Path agentJar) throws AttachFailedException {
        if (!pid.matches("[0-9]+")) {
            throw new AttachFailedException("\"" + pid + "\" is not a process id (a number, as jps or ps show)");
        }
        Path report;
        try {
            report = Files.createTempFile("coordination-attach-", ".txt");
        } catch (IOException e) {
            throw new AttachFailedException("cannot create the report file for the attach (" + e + ")", e);
        }
        try {
            return load(pid, settings, agentJar, report);
        } finally {
            try {
                Files.deleteIfExists(report);
            } catch (IOException ignored) {
                // a temp file left behind is harmless
            }
        }
    }

    private static String load(String pid, String settings, Path agentJar, Path report) throws AttachFailedException {
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(pid);
        } catch (AttachNotSupportedException | IOException e) {
            throw new AttachFailedException(
                    "cannot attach to JVM " + pid + ": " + e.getMessage()
                            + " (is it a running JVM of this user, started without -XX:+DisableAttachMechanism?)",
                    e);
        }
        try {
            vm.loadAgent(agentJar.toString(), AttachReport.arguments(settings, report));
        } catch (AgentLoadException | AgentInitializationException | IOException e) {
            String reported = AttachReport.read(report);
            throw new AttachFailedException(
                    "the agent did not start in JVM " + pid + ": "
                            + (reported.isEmpty()
                                    ? e.getMessage() + " (the reason is on that JVM's standard error)"
                                    : reported.substring(reported.indexOf(':') + 2)),
                    e);
        } finally {
            try {
                vm.detach();
            } catch (IOException ignored) {
                // the agent is loaded (or refused); a failed detach changes neither
            }
        }
        String reported = AttachReport.read(report);
        if (reported.startsWith(AttachReport.REFUSED)) {
            throw new AttachFailedException(
                    "JVM " + pid + " refused the agent: " + reported.substring(AttachReport.REFUSED.length()));
        }
        if (!reported.startsWith(AttachReport.ATTACHED)) {
            return "attached to JVM " + pid + " (its report could not be read; see that JVM's standard error)";
        }
        return "attached to JVM " + pid + ": " + reported.substring(AttachReport.ATTACHED.length());
    }
}
