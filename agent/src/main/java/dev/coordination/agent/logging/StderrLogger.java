package dev.coordination.agent.logging;

import java.io.PrintStream;
import java.time.Instant;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * One named logger: {@code 2026-11-25T10:00:00.123Z INFO [main] coordination LockRuntime - text}.
 * Names of the relocated Hazelcast lose the relocation prefix so they read as Hazelcast's own.
 */
final class StderrLogger extends LegacyAbstractLogger {

    private static final long serialVersionUID = 1L;
    private static final String SHADED = "dev.coordination.agent.shaded.";

    /**
     * Hazelcast's warning that it lacks {@code --add-opens}: true of the agent's private copy, which
     * runs well without them, and misleading to an application that does not use Hazelcast itself.
     */
    private static final String MODULE_ACCESS_WARNING = "HazelcastInstanceFactory";

    private final boolean hazelcast;
    /** Hazelcast, or the ZooKeeper backend's Curator and ZooKeeper client: held at WARN as Hazelcast is. */
    private final boolean library;

    private final String shortName;
    private final int floor;

    StderrLogger(String name) {
        this.name = name;
        // Shading rewrites string constants that start with "com.hazelcast" to the relocated
        // name, so the agent jar tests the relocated name, and unit tests the plain one.
        this.hazelcast =
                name.startsWith("com.hazelcast") || name.startsWith("dev.coordination.agent.shaded.com.hazelcast");
        String plain = name.startsWith(SHADED) ? name.substring(SHADED.length()) : name;
        this.library = hazelcast
                || name.startsWith("org.apache.zookeeper")
                || name.startsWith("dev.coordination.agent.shaded.org.apache.zookeeper")
                || name.startsWith("org.apache.curator")
                || name.startsWith("dev.coordination.agent.shaded.org.apache.curator");
        this.shortName = hazelcast ? plain : plain.substring(plain.lastIndexOf('.') + 1);
        this.floor = hazelcast && name.endsWith(MODULE_ACCESS_WARNING) ? StderrLogging.ERROR : StderrLogging.TRACE;
    }

    private boolean enabled(int level) {
        if (hazelcast && level < StderrLogging.ERROR && StderrLogging.isQuiet(name)) {
            level = StderrLogging.DEBUG;
        }
        return level >= floor && level >= StderrLogging.levelFor(library);
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(StderrLogging.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(StderrLogging.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(StderrLogging.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(StderrLogging.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(StderrLogging.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
            Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
        if (hazelcast && level != Level.ERROR && StderrLogging.isQuiet(name)) {
            level = Level.DEBUG;
        }
        if (hazelcast && StderrLogging.isWithdrawal(name, throwable)) {
            if (!isDebugEnabled()) {
                return;
            }
            level = Level.DEBUG;
        }
        String message = MessageFormatter.basicArrayFormat(pattern, arguments);
        StringBuilder line = new StringBuilder(64 + message.length())
                .append(Instant.now())
                .append(' ')
                .append(level)
                .append(" [")
                .append(Thread.currentThread().getName())
                .append("] coordination ")
                .append(shortName)
                .append(" - ")
                .append(message);
        PrintStream err = System.err;
        synchronized (err) {
            err.println(line);
            if (throwable != null) {
                throwable.printStackTrace(err);
            }
        }
    }
}
