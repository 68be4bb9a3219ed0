package dev.coordination.agent.logging;

import java.util.function.Consumer;

/**
 * Hears {@code LoggingReady.signal} from the application's logging and decides when its SLF4J is
 * ready for the agent's lines: when its {@code LoggerFactory} has bound a provider, or, in an
 * application that has Spring Boot's {@code LoggingApplicationListener}, once that has applied the
 * application's configuration ({@code logback-spring.xml} and the like), since a line handed over
 * earlier would go through Logback's defaults. An SLF4J without a provider (NOP) would lose the
 * lines: they go to standard error instead. Agent jar, system class loader.
 */
final class ReadySignals implements Consumer<Class<?>> {

    // Built at run time: the agent jar relocates string constants that start with "org.slf4j".
    static final String SLF4J_FACTORY = String.join(".", "org", "slf4j", "LoggerFactory");
    private static final String SPRING_BOOT_LISTENER =
            "org/springframework/boot/context/logging/LoggingApplicationListener.class";

    private final LogRoute route;
    /** The thread handing over now: the hand-off calls the application's SLF4J, which signals again. */
    private Thread handingOver;
    /** A {@code LoggerFactory} whose class loader has Spring Boot's listener, which will signal. */
    private Class<?> waitsForSpringBoot;
    /** The last {@code LoggerFactory} heard from. */
    private Class<?> lastFactory;

    ReadySignals(LogRoute route) {
        this.route = route;
    }

    @Override
    public synchronized void accept(Class<?> anchor) {
        if (route.state() != LogRoute.State.WAITING || handingOver == Thread.currentThread()) {
            return;
        }
        if (anchor.getName().equals(SLF4J_FACTORY)) {
            lastFactory = anchor;
            if (anchor == waitsForSpringBoot) {
                return;
            }
            ClassLoader loader = anchor.getClassLoader();
            if (loader != null && loader.getResource(SPRING_BOOT_LISTENER) != null) {
                waitsForSpringBoot = anchor;
                return;
            }
            handOff(anchor);
        } else {
            Class<?> factory = factoryOf(anchor.getClassLoader());
            handOff(factory != null ? factory : lastFactory);
        }
    }

    /** Hands the lines over to the SLF4J of {@code loggerFactory}, if it is ready. */
    void handOff(Class<?> loggerFactory) {
        if (loggerFactory == null) {
            return;
        }
        handingOver = Thread.currentThread();
        try {
            ApplicationSlf4j app = ApplicationSlf4j.of(loggerFactory);
            if (app.initialising()) {
                return;
            }
            if (!app.hasProvider()) {
                route.fallBack("the application's SLF4J has no provider (" + app.factoryName() + "), so the"
                        + " agent's lines go to standard error");
                return;
            }
            route.handOff(app);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            route.fallBack("the application's SLF4J could not take the agent's lines (" + e
                    + "), so they go to standard error");
        } finally {
            handingOver = null;
        }
    }

    private static Class<?> factoryOf(ClassLoader loader) {
        try {
            return Class.forName(SLF4J_FACTORY, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}
