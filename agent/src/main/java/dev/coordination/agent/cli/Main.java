package dev.coordination.agent.cli;

import dev.coordination.agent.config.AgentConfig;
import dev.coordination.agent.config.InvalidConfigurationException;
import dev.coordination.agent.logging.AgentLogging;
import java.util.Arrays;

/**
 * {@code java -jar coordination-agent.jar COMMAND ...}, the agent jar's {@code Main-Class}: picks the
 * command ({@link MemberCommand}, {@link CpCommand}, {@link LocksCommand}, {@link AttachCommand}) or prints the usage.
 * Commands print their results on standard output and their failures as one line on standard error,
 * and end the JVM with an exit status: 0 done, 1 failed, 2 a bad setting. System class loader.
 */
public final class Main {

    static final String USAGE = String.join(
            "\n",
            "usage: java [-Dcoordination.<key>=<value> ...] -jar coordination-agent.jar COMMAND [key=value,...]",
            "  member                        run a standalone Hazelcast member for coordination's locks",
            "  cp status                     each member's mode; the CP members (present or missing) and groups",
            "  cp remove-missing             replace CP members that left the cluster with spare members (start",
            "                                the replacements first); waits until every CP group is whole",
            "  cp close-sessions MEMBER-ID   free every lock held by the JVM with that member id",
            "  locks [GLOB]                  the lock names held now (matching GLOB, default *): holder member",
            "                                id, thread, method, since when, how many threads wait; every JVM",
            "                                with the agent answers within 2 s, members and clients alike",
            "  attach PID                    attach the agent to the running JVM PID (needs a JDK): its loaded",
            "                                @Synchronized methods are locked from then on; key=value,... are",
            "                                the settings, as after -javaagent:coordination-agent.jar=",
            "(as -javaagent: this jar locks @Synchronized methods; see the coordination README)");

    private Main() {}

    public static void main(String[] arguments) {
        String command = arguments.length == 0 ? "" : arguments[0];
        String[] rest = Arrays.copyOfRange(arguments, Math.min(1, arguments.length), arguments.length);
        switch (command) {
            case "member":
                MemberCommand.run(settings(rest));
                break;
            case "cp":
                CpCommand.run(rest, settings(rest));
                break;
            case "locks":
                LocksCommand.run(rest, settings(rest));
                break;
            case "attach":
                AttachCommand.run(rest);
                break;
            default:
                System.err.println(USAGE);
                System.exit(1);
        }
    }

    /**
     * The settings: a last argument of {@code key=value,...}, system properties and {@code
     * COORDINATION_*} environment variables; a bad one ends
     * the JVM with one line and exit status 2.
     */
    static AgentConfig settings(String[] arguments) {
        String last = arguments.length > 0 ? arguments[arguments.length - 1] : null;
        try {
            AgentConfig config = AgentConfig.load(
                    System.getProperties(), System.getenv(), last != null && last.contains("=") ? last : null);
            AgentLogging.configure(config.logLevel());
            return config;
        } catch (InvalidConfigurationException e) {
            System.err.println("coordination: invalid configuration: " + e.getMessage());
            System.exit(2);
            throw e;
        }
    }
}
