package dev.coordination.agent.cli;

import dev.coordination.agent.config.AgentConfig;
import dev.coordination.agent.hazelcast.CpAdmin;
import dev.coordination.agent.hazelcast.CpAdminFailedException;
import dev.coordination.agent.hazelcast.CpUnavailableException;

/**
 * {@code cp status}, {@code cp remove-missing}, {@code cp close-sessions MEMBER-ID}: the operator's
 * commands, run by joining the cluster for a moment as a lite member ({@link CpAdmin}). Prints what
 * it sees and does as it goes and exits 0, or ends with one line on standard error and exits 1.
 */
final class CpCommand {

    private CpCommand() {}

    /** @param arguments what follows {@code cp}: the action, its argument, and the settings */
    static void run(String[] arguments, AgentConfig config) {
        String action = arguments.length > 0 && !arguments[0].contains("=") ? arguments[0] : "";
        String argument = arguments.length > 1 && !arguments[1].contains("=") ? arguments[1] : null;
        try {
            CpAdmin.run(config, action, argument, System.out::println);
            System.exit(0);
        } catch (IllegalArgumentException e) {
            System.err.println("coordination: " + e.getMessage() + "\n" + Main.USAGE);
            System.exit(1);
        } catch (CpUnavailableException | CpAdminFailedException e) {
            System.err.println("coordination: " + e.getMessage());
            System.exit(1);
        } catch (Exception e) {
            System.err.println("coordination: cp " + action + " failed: " + e);
            System.exit(1);
        }
    }
}
