package dev.coordination.agent.logging;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The agent's log levels. The agent logs through its own relocated copy of the SLF4J API to its
 * own provider ({@link AgentLoggerProvider}), so it never initialises the application's logging.
 * On standard error our own loggers follow {@code coordination.log-level}; Hazelcast's are held at
 * WARN (its INFO is a page per member join) unless the level is {@code trace}. When the lines go to
 * the application's SLF4J ({@link LogRoute}), its configuration sets the levels of our loggers, and
 * Hazelcast's stay held as on standard error (docs/logging.md).
 */
public final class AgentLogging {

    static final int TRACE = 0;
    static final int DEBUG = 1;
    static final int INFO = 2;
    static final int WARN = 3;
    static final int ERROR = 4;
    static final int OFF = 5;

    /** Hazelcast's message for an unlock from an endpoint that holds nothing. */
    private static final String NOT_OWNER = "Current thread is not owner of the lock!";

    private static volatile int agentLevel = INFO;
    private static volatile int hazelcastLevel = WARN;
    /** Hazelcast loggers (name prefixes) whose lines below ERROR count as DEBUG for now. */
    private static volatile List<String> quieted = List.of();

    private AgentLogging() {}

    /** Sets the levels from {@code coordination.log-level}: off, error, warn, info, debug or trace. */
    public static void configure(String level) {
        int parsed = parse(level);
        agentLevel = parsed;
        hazelcastLevel = parsed == TRACE ? INFO : Math.max(parsed, WARN);
        LogRoute.INSTANCE.refresh();
    }

    static int parse(String level) {
        switch (level.toLowerCase(Locale.ROOT)) {
            case "trace":
                return TRACE;
            case "debug":
                return DEBUG;
            case "warn":
                return WARN;
            case "error":
                return ERROR;
            case "off":
                return OFF;
            default:
                return INFO;
        }
    }

    private static final String[] NAMES = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF"};

    static String nameOf(int level) {
        return NAMES[level];
    }

    static int levelFor(boolean hazelcast) {
        return hazelcast ? hazelcastLevel : agentLevel;
    }

    /**
     * Turns the lines of Hazelcast's loggers under {@code prefix} (below ERROR) into DEBUG lines, or
     * back: a client whose cluster is gone repeats a few WARN lines at every attempt to reconnect,
     * several times a second, and the agent says it once itself ({@code ClusterClient}).
     */
    public static synchronized void quiet(String prefix, boolean on) {
        List<String> next = new ArrayList<>(quieted);
        next.remove(prefix);
        if (on) {
            next.add(prefix);
        }
        quieted = List.copyOf(next);
    }

    /**
     * Whether a Hazelcast line reports the refusal that the agent asks for on purpose: a lock request
     * that waited in vain is withdrawn by an unlock from its own endpoint, which holds nothing, so the
     * CP member that applies the unlock logs "Current thread is not owner of the lock!" with a stack
     * trace (at WARN in a CP group, on every member; at ERROR in unsafe mode, from the operation and
     * from its backup). Such lines count as DEBUG; under contention they came by the hundred a second
     * and slowed the members that wrote them. A real loss is reported by the agent itself, in the JVM
     * that held the lock.
     */
    static boolean isWithdrawal(String name, Throwable thrown) {
        return thrown instanceof IllegalMonitorStateException
                && NOT_OWNER.equals(thrown.getMessage())
                && (name.endsWith(".UnlockOp")
                        || name.endsWith(".UnsafeRaftReplicateOp")
                        || name.endsWith(".UnsafeRaftBackupOp"));
    }

    /**
     * Whether the Hazelcast logger {@code name} is quieted now. Names and prefixes are compared as
     * they are: shading relocates both the logger names and the callers' prefix constants.
     */
    static boolean isQuiet(String name) {
        for (String prefix : quieted) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** The one INFO line at start: version and effective settings. */
    public static void announce(String version, String settings) {
        org.slf4j.LoggerFactory.getLogger("dev.coordination.agent.LockAgent")
                .info("coordination agent {} started: {}", version == null ? "(development build)" : version, settings);
    }
}
