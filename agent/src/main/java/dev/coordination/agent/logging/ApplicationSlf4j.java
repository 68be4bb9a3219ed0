package dev.coordination.agent.logging;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.Locale;

/**
 * The application's SLF4J (1.7 or 2.x), reached through method handles looked up once, when the
 * agent hands its lines over: {@code LoggerFactory.getLogger(String)}, and per level {@code
 * isXxxEnabled()} and {@code xxx(String, Throwable)}, which both versions have (the agent formats its
 * messages itself). The application's classes live in its own class loader, so they are never named
 * in the agent's code. Agent jar, system class loader.
 */
final class ApplicationSlf4j {

    private static final String[] LEVELS = {"trace", "debug", "info", "warn", "error"};
    private static final MethodType CHECK = MethodType.methodType(boolean.class, Object.class);
    private static final MethodType WRITE =
            MethodType.methodType(void.class, Object.class, String.class, Throwable.class);

    private final MethodHandle getLogger;
    private final MethodHandle[] enabled = new MethodHandle[LEVELS.length];
    private final MethodHandle[] write = new MethodHandle[LEVELS.length];
    private final String factoryName;

    private ApplicationSlf4j(Class<?> loggerFactory) throws ReflectiveOperationException {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        Method getLoggerMethod = loggerFactory.getMethod("getLogger", String.class);
        Class<?> loggerType = getLoggerMethod.getReturnType();
        getLogger = lookup.unreflect(getLoggerMethod).asType(MethodType.methodType(Object.class, String.class));
        for (int level = 0; level < LEVELS.length; level++) {
            String name = LEVELS[level];
            String capitalised = name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
            enabled[level] = lookup.findVirtual(
                            loggerType, "is" + capitalised + "Enabled", MethodType.methodType(boolean.class))
                    .asType(CHECK);
            write[level] = lookup.findVirtual(
                            loggerType, name, MethodType.methodType(void.class, String.class, Throwable.class))
                    .asType(WRITE);
        }
        Object factory = loggerFactory.getMethod("getILoggerFactory").invoke(null);
        factoryName = factory == null ? "null" : factory.getClass().getName();
    }

    /**
     * The application's SLF4J behind {@code loggerFactory} (its {@code org.slf4j.LoggerFactory}).
     *
     * @throws ReflectiveOperationException if it lacks a method the agent calls
     */
    static ApplicationSlf4j of(Class<?> loggerFactory) throws ReflectiveOperationException {
        return new ApplicationSlf4j(loggerFactory);
    }

    /** The class name of the logger factory its provider gave (Logback's {@code LoggerContext}, say). */
    String factoryName() {
        return factoryName;
    }

    /** Whether SLF4J has a provider: without one (NOP), lines sent to it would vanish. */
    boolean hasProvider() {
        return !factoryName.endsWith("NOPLoggerFactory");
    }

    /** Whether SLF4J is still initialising: its loggers only queue what they get. */
    boolean initialising() {
        return factoryName.endsWith("SubstituteLoggerFactory");
    }

    Object logger(String name) {
        try {
            return (Object) getLogger.invokeExact(name);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** The lowest level {@code logger} writes now, or {@link AgentLogging#OFF}. */
    int lowestEnabled(Object logger) {
        try {
            for (int level = AgentLogging.TRACE; level <= AgentLogging.ERROR; level++) {
                if ((boolean) enabled[level].invokeExact(logger)) {
                    return level;
                }
            }
            return AgentLogging.OFF;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    void write(Object logger, int level, String message, Throwable thrown) {
        try {
            write[level].invokeExact(logger, message, thrown);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
