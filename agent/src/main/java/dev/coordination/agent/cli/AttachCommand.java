package dev.coordination.agent.cli;

import dev.coordination.agent.attach.AttachFailedException;
import dev.coordination.agent.attach.JvmAttacher;
import java.io.File;

/**
 * {@code attach PID [key=value,...]}: attaches this agent jar to a running JVM, from a JDK (the
 * attach API is the {@code jdk.attach} module's, which a JRE may lack: checked before {@link
 * JvmAttacher} is touched). Prints what the agent did there and exits 0, or one line and exits 1.
 */
final class AttachCommand {

    /** The module the attach API lives in; a JRE or a trimmed jlink image may not have it. */
    static final String MODULE = "jdk.attach";

    private AttachCommand() {}

    /** @param arguments what follows {@code attach}: the process id and, optionally, the settings */
    static void run(String[] arguments) {
        if (arguments.length < 1 || arguments.length > 2) {
            System.err.println(
                    "coordination: attach needs a process id (and optionally key=value,... settings)\n" + Main.USAGE);
            System.exit(1);
            return;
        }
        if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
            System.err.println("coordination: attach needs the " + MODULE + " module, which this"
                    + " Java runtime (" + System.getProperty("java.home") + ") does not have; run the command"
                    + " with the java of a full JDK");
            System.exit(1);
            return;
        }
        try {
            File agentJar = new File(AttachCommand.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            String done = JvmAttacher.attach(
                    arguments[0],
                    arguments.length > 1 ? arguments[1] : "",
                    agentJar.toPath().toAbsolutePath());
            System.out.println("coordination: " + done);
            System.exit(0);
        } catch (AttachFailedException e) {
            System.err.println("coordination: " + e.getMessage());
            System.exit(1);
        } catch (java.net.URISyntaxException | RuntimeException e) {
            System.err.println("coordination: attach failed: " + e);
            System.exit(1);
        }
    }
}
