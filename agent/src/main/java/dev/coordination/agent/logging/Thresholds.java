package dev.coordination.agent.logging;

/**
 * The lowest level a logger writes, by where the lines go (docs/logging.md): on standard error,
 * {@code coordination.log-level}; while waiting, the agent's own lines from DEBUG up (the
 * application may want them) and Hazelcast's as on standard error; in the application's SLF4J, its
 * level for the logger, Hazelcast's still held as on standard error. Agent jar, system class loader.
 */
final class Thresholds {

    private Thresholds() {}

    /** {@code application} is read only for {@link LogRoute.State#APPLICATION}. */
    static int of(AgentLogger logger, LogRoute.State in, ApplicationSlf4j application) {
        int own = AgentLogging.levelFor(logger.library);
        int level;
        if (in == LogRoute.State.STDERR) {
            level = own;
        } else if (in == LogRoute.State.WAITING) {
            level = logger.library ? own : Math.min(own, AgentLogging.DEBUG);
        } else {
            int wanted;
            try {
                wanted = application.lowestEnabled(logger.target);
            } catch (RuntimeException e) {
                wanted = own; // the application's logging could not say: the agent's settings decide
            }
            level = logger.library ? Math.max(own, wanted) : wanted;
        }
        return Math.max(level, logger.floor);
    }
}
