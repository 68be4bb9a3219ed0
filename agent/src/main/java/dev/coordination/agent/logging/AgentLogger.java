package dev.coordination.agent.logging;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * One named logger of the agent's relocated SLF4J. It decides whether a line is written from one
 * cached level ({@link #threshold}, kept current by {@link LogRoute}), turns Hazelcast's quieted and
 * withdrawal lines into DEBUG, formats the message, and hands it to {@link LogRoute}: standard error,
 * the buffer, or the application's SLF4J under {@link #routedName}. Agent jar, system class loader.
 */
final class AgentLogger extends LegacyAbstractLogger {

    private static final long serialVersionUID = 1L;
    private static final String SHADED = "dev.coordination.agent.shaded.";
    /** Where the agent's Hazelcast lines go in the application's logging (docs/logging.md). */
    static final String HAZELCAST_LOGGERS = "dev.coordination.hazelcast.";

    /**
     * Hazelcast's warning that it lacks {@code --add-opens}: true of the agent's private copy, which
     * runs well without them, and misleading to an application that does not use Hazelcast itself.
     */
    private static final String MODULE_ACCESS_WARNING = "HazelcastInstanceFactory";

    final boolean hazelcast;
    /**
     * Hazelcast, or the ZooKeeper backend's Curator and ZooKeeper client: a library whose lines are
     * held at WARN (INFO with {@code trace}), as Hazelcast's are.
     */
    final boolean library;
    /** The name on standard error: the class, or Hazelcast's own full name. */
    final String shortName;
    /** The name in the application's logging: under {@code dev.coordination}. */
    final String routedName;
    /** The lowest level this logger ever writes, whatever the settings. */
    final int floor;
    /** The lowest level written now. */
    volatile int threshold = AgentLogging.INFO;
    /** The application's logger of {@link #routedName}, once the lines go there. */
    transient volatile Object target;

    private final transient LogRoute route;

    AgentLogger(String name, LogRoute route) {
        this.name = name;
        this.route = route;
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
        this.routedName = routedName(plain, hazelcast);
        this.floor = hazelcast && name.endsWith(MODULE_ACCESS_WARNING) ? AgentLogging.ERROR : AgentLogging.TRACE;
    }

    /** {@code com.hazelcast.cp.X} becomes {@code dev.coordination.hazelcast.cp.X}. */
    private static String routedName(String plain, boolean hazelcast) {
        if (hazelcast) {
            // Past "com." and "hazelcast." (not spelt out: shading would rewrite the constant).
            return HAZELCAST_LOGGERS + plain.substring(plain.indexOf('.', plain.indexOf('.') + 1) + 1);
        }
        return plain.startsWith("dev.coordination.") ? plain : "dev.coordination." + plain;
    }

    private boolean enabled(int level) {
        if (hazelcast && level < AgentLogging.ERROR && AgentLogging.isQuiet(name)) {
            level = AgentLogging.DEBUG;
        }
        return level >= threshold;
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(AgentLogging.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(AgentLogging.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(AgentLogging.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(AgentLogging.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(AgentLogging.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
            Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
        int written = level.toInt() / 10;
        if (hazelcast && written < AgentLogging.ERROR && AgentLogging.isQuiet(name)) {
            written = AgentLogging.DEBUG;
        }
        if (hazelcast && AgentLogging.isWithdrawal(name, throwable)) {
            if (!isDebugEnabled()) {
                return;
            }
            written = AgentLogging.DEBUG;
        }
        route.write(this, written, MessageFormatter.basicArrayFormat(pattern, arguments), throwable);
    }
}
