package dev.coordination.agent.logging;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An application's SLF4J as the agent sees it: a {@code LoggerFactory} with static {@code
 * getLogger(String)} and {@code getILoggerFactory()}, loggers with {@code isXxxEnabled()} and {@code
 * xxx(String, Throwable)}. Levels are set per name prefix, like Logback's; lines are recorded as
 * {@code LEVEL name - message}.
 */
public final class FakeSlf4j {

    static final List<String> lines = new CopyOnWriteArrayList<>();
    /** Lowest level per logger name prefix: 0 trace ... 4 error, 5 off; the longest prefix wins. */
    static final Map<String, Integer> levels = new ConcurrentHashMap<>();

    private FakeSlf4j() {}

    static void reset(int rootLevel) {
        lines.clear();
        levels.clear();
        levels.put("", rootLevel);
    }

    static int levelOf(String name) {
        String best = "";
        for (String prefix : levels.keySet()) {
            if (name.startsWith(prefix) && prefix.length() > best.length()) {
                best = prefix;
            }
        }
        return levels.get(best);
    }

    /** The {@code LoggerFactory} of an SLF4J with a provider. */
    public static final class LoggerFactory {
        private static final Object FACTORY = new Object();

        private LoggerFactory() {}

        public static Logger getLogger(String name) {
            return new Logger(name);
        }

        public static Object getILoggerFactory() {
            return FACTORY;
        }
    }

    /** The {@code LoggerFactory} of an SLF4J without one. */
    public static final class NopLoggerFactory {
        private NopLoggerFactory() {}

        public static Logger getLogger(String name) {
            return new Logger(name);
        }

        public static Object getILoggerFactory() {
            return new NOPLoggerFactory();
        }
    }

    /** Named as SLF4J's own. */
    public static final class NOPLoggerFactory {}

    /** One logger: asks {@link #levels} at every call, as a real one would. */
    public static final class Logger {
        private final String name;

        Logger(String name) {
            this.name = name;
        }

        private boolean on(int level) {
            return level >= levelOf(name);
        }

        private void write(String level, String message, Throwable thrown) {
            lines.add(level + " " + name + " - " + message + (thrown == null ? "" : " !" + thrown.getMessage()));
        }

        public boolean isTraceEnabled() {
            return on(0);
        }

        public boolean isDebugEnabled() {
            return on(1);
        }

        public boolean isInfoEnabled() {
            return on(2);
        }

        public boolean isWarnEnabled() {
            return on(3);
        }

        public boolean isErrorEnabled() {
            return on(4);
        }

        public void trace(String message, Throwable thrown) {
            write("TRACE", message, thrown);
        }

        public void debug(String message, Throwable thrown) {
            write("DEBUG", message, thrown);
        }

        public void info(String message, Throwable thrown) {
            write("INFO", message, thrown);
        }

        public void warn(String message, Throwable thrown) {
            write("WARN", message, thrown);
        }

        public void error(String message, Throwable thrown) {
            write("ERROR", message, thrown);
        }
    }
}
