package dev.coordination.agent.logging;

import dev.coordination.agent.bootstrap.LoggingReady;
import dev.coordination.agent.config.AgentConfig.LogOutput;
import java.util.concurrent.TimeUnit;

/**
 * Starts the wait for the application's SLF4J ({@code coordination.log-output}, docs/logging.md):
 * whether to wait at all, a listener for {@code LoggingReady}, a daemon thread that falls back to
 * standard error when {@code auto} waited too long and afterwards reads the application's levels
 * once a second, and a shutdown hook that writes what is still kept to standard error. The agent
 * never initialises the application's logging itself. Agent jar, system class loader.
 */
public final class ApplicationLogging {

    /** How long {@code auto} waits for the application's SLF4J before standard error takes over. */
    static final long AUTO_WAIT_SECONDS = 20;
    /** How often the levels of the application's loggers are read again. */
    static final long LEVELS_READ_MILLIS = 1_000;

    private static final String SLF4J_RESOURCE = String.join("/", "org", "slf4j", "LoggerFactory.class");
    private static final String[] SPRING_BOOT_LAUNCHERS = {
        "org/springframework/boot/loader/launch/Launcher.class", "org/springframework/boot/loader/Launcher.class"
    };

    private ApplicationLogging() {}

    /**
     * Begins waiting for the application's SLF4J unless {@code output} says standard error, or says
     * {@code auto} and the application shows no SLF4J: none on the system class path and no Spring
     * Boot launcher (started with {@code -javaagent}), none loaded yet (attached).
     *
     * @param loaded the classes loaded when the agent was attached; {@code null} at JVM start
     * @return whether the agent waits, so {@code LoggingReadyTransformer} is needed
     */
    public static boolean start(LogOutput output, Class<?>[] loaded) {
        if (output == LogOutput.STDERR) {
            return false;
        }
        Class<?> loadedFactory = loaded == null ? null : loadedFactory(loaded);
        if (output == LogOutput.AUTO && !(loaded == null ? visibleAtStart() : loadedFactory != null)) {
            return false;
        }
        LogRoute route = LogRoute.INSTANCE;
        route.await();
        ReadySignals signals = new ReadySignals(route);
        LoggingReady.listen(signals);
        Thread watcher = new Thread(() -> watch(route, output), "coordination-logging");
        watcher.setDaemon(true);
        watcher.start();
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> route.fallBack("the JVM exits before the application's SLF4J was ready: the agent's"
                                + " lines kept so far follow"),
                        "coordination-logging-exit"));
        if (loadedFactory != null) {
            signals.handOff(loadedFactory);
        }
        return true;
    }

    private static void watch(LogRoute route, LogOutput output) {
        try {
            long wait = output == LogOutput.AUTO ? TimeUnit.SECONDS.toNanos(AUTO_WAIT_SECONDS) : Long.MAX_VALUE;
            if (!route.awaitSettled(wait)) {
                route.fallBack("coordination.log-output=auto: the application's SLF4J was not ready within "
                        + AUTO_WAIT_SECONDS + " s, so the agent's lines go to standard error"
                        + " (coordination.log-output=slf4j waits for it)");
            }
            LoggingReady.listen(null);
            while (route.state() == LogRoute.State.APPLICATION) {
                Thread.sleep(LEVELS_READ_MILLIS);
                route.refresh();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean visibleAtStart() {
        ClassLoader system = ClassLoader.getSystemClassLoader();
        if (system.getResource(SLF4J_RESOURCE) != null) {
            return true;
        }
        for (String launcher : SPRING_BOOT_LAUNCHERS) {
            if (system.getResource(launcher) != null) {
                return true;
            }
        }
        return false;
    }

    private static Class<?> loadedFactory(Class<?>[] loaded) {
        for (Class<?> type : loaded) {
            if (type.getName().equals(ReadySignals.SLF4J_FACTORY) && type.getClassLoader() != null) {
                return type;
            }
        }
        return null;
    }
}
