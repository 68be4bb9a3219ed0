package dev.coordination.agent.jmx;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts {@link LocksView} into the platform MBean server as {@code dev.coordination:type=Locks}, on a
 * daemon thread of its own: creating the platform MBean server takes tens of milliseconds and loads
 * much of {@code java.management}, which the application's start should not wait for. (It also
 * initialises {@code java.util.logging}, as the Hazelcast member's start already does.) A failure is
 * logged and never stops the agent: locking does not depend on JMX. Lives in the agent jar's loader.
 */
public final class LocksMBeanRegistration {

    public static final String OBJECT_NAME = "dev.coordination:type=Locks";

    private static final Logger log = LoggerFactory.getLogger(LocksMBeanRegistration.class);

    private LocksMBeanRegistration() {}

    /** Registers {@code view} in the background; returns the thread doing it. */
    public static Thread registerInBackground(LocksMXBean view) {
        Thread thread = new Thread(() -> register(ManagementFactory::getPlatformMBeanServer, view), "coordination-jmx");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Registers {@code view} in {@code servers.get()}; {@code false} (and a WARN line) when it could not. */
    static boolean register(Supplier<MBeanServer> servers, LocksMXBean view) {
        long begin = System.nanoTime();
        try {
            MBeanServer server = servers.get();
            ObjectName name = new ObjectName(OBJECT_NAME);
            if (server.isRegistered(name)) {
                log.warn(
                        "JMX: {} is already registered (a second coordination agent in this JVM?);"
                                + " this agent's figures are not published",
                        OBJECT_NAME);
                return false;
            }
            server.registerMBean(view, name);
            log.debug(
                    "JMX: registered {} in {} ms (off the application's start)",
                    OBJECT_NAME,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
            return true;
        } catch (Exception | LinkageError e) {
            log.warn(
                    "JMX: could not register {} ({}); locking works as before, without these figures",
                    OBJECT_NAME,
                    e.toString());
            return false;
        }
    }
}
