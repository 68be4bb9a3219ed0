package dev.coordination.agent.bootstrap;

import java.util.function.Consumer;

/**
 * Where the application's logging says that it is ready: the agent adds a call to {@link #signal}
 * at the end of the application's {@code org.slf4j.LoggerFactory.getILoggerFactory()} and of Spring
 * Boot's {@code LoggingApplicationListener.initialize}, which live in class loaders that see only the
 * JDK and this bootstrap package. The agent's logging listens until it has handed its lines over,
 * then stops listening, so a later call costs one volatile read.
 */
public final class LoggingReady {

    private static volatile Consumer<Class<?>> listener;

    private LoggingReady() {}

    /** Sets (or, with {@code null}, removes) the one listener. */
    public static void listen(Consumer<Class<?>> newListener) {
        listener = newListener;
    }

    /**
     * Called by the application's logging code that the agent transformed.
     *
     * @param anchor the transformed class ({@code LoggerFactory} or {@code LoggingApplicationListener})
     */
    public static void signal(Class<?> anchor) {
        Consumer<Class<?>> current = listener;
        if (current == null) {
            return;
        }
        try {
            current.accept(anchor);
        } catch (RuntimeException | LinkageError e) {
            // The listener reports its own failures; the application's logging must go on regardless.
        }
    }
}
