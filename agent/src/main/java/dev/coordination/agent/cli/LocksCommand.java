package dev.coordination.agent.cli;

import dev.coordination.agent.config.AgentConfig;
import dev.coordination.agent.hazelcast.HoldAnswers.Answer;
import dev.coordination.agent.hazelcast.HoldsQuery;
import java.util.List;

/**
 * {@code locks [GLOB]}: who holds which lock names now, across the cluster, as the JVMs holding
 * them say ({@link HoldsQuery}); GLOB (shell-style, default {@code *}) picks names, without the
 * lock prefix. Prints the table ({@link HoldsTable}) and exits 0, or one line and exits 1.
 */
final class LocksCommand {

    private LocksCommand() {}

    /** @param arguments what follows {@code locks}: the glob, and the settings */
    static void run(String[] arguments, AgentConfig config) {
        String glob = arguments.length > 0 && !arguments[0].contains("=") ? arguments[0] : "*";
        try {
            List<Answer> answers = HoldsQuery.ask(config, glob);
            for (String line : HoldsTable.render(answers, glob, System.currentTimeMillis(), HoldsQuery.ANSWER_MILLIS)) {
                System.out.println(line);
            }
            System.exit(0);
        } catch (InterruptedException e) {
            System.err.println("coordination: locks was interrupted");
            System.exit(1);
        } catch (Exception e) {
            System.err.println("coordination: locks failed: " + e.getMessage());
            System.exit(1);
        }
    }
}
