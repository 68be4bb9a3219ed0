package dev.coordination.agent.startup;

import dev.coordination.agent.bootstrap.LockBridge;
import dev.coordination.agent.config.AgentConfig;
import dev.coordination.agent.config.DeadlockDetection;
import dev.coordination.agent.hazelcast.HazelcastLockBackend;
import dev.coordination.agent.instrument.LockInstaller;
import dev.coordination.agent.instrument.LoggingReadyTransformer;
import dev.coordination.agent.jmx.LocksMBeanRegistration;
import dev.coordination.agent.jmx.LocksView;
import dev.coordination.agent.jmx.MetricsPublisher;
import dev.coordination.agent.local.LocalLockBackend;
import dev.coordination.agent.logging.AgentLogging;
import dev.coordination.agent.logging.ApplicationLogging;
import dev.coordination.agent.runtime.LockBackend;
import dev.coordination.agent.runtime.LockRuntime;
import dev.coordination.agent.runtime.LockSites;
import dev.coordination.agent.zookeeper.ZooKeeperLockBackend;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the agent together, once the bridge is on the bootstrap class path: the backend (starting in
 * the background), the runtime behind the bridge, the class file transformer, and the JMX view
 * (registered in the background). The one place that knows every part; each part knows only what
 * it is given. Agent jar, system class loader.
 */
public final class AgentStartup {

    private static final Logger log = LoggerFactory.getLogger(AgentStartup.class);

    private AgentStartup() {}

    /** Starts the agent in a JVM started with {@code -javaagent}. */
    public static void start(AgentConfig config, Instrumentation instrumentation, String version) {
        wire(config, instrumentation, version, false);
    }

    /**
     * {@link #start} for an agent attached to a running JVM, then the classes loaded before it that
     * declare {@code @Synchronized} methods are retransformed. Returns one line saying what was done.
     */
    public static String attach(AgentConfig config, Instrumentation instrumentation, String version) {
        if (!instrumentation.isRetransformClassesSupported()) {
            throw new IllegalStateException("this JVM cannot retransform classes (the agent jar's manifest lacks"
                    + " Can-Retransform-Classes: true), so classes already loaded could not be locked");
        }
        Wired wired = wire(config, instrumentation, version, true);
        return LockInstaller.retransformLoaded(instrumentation, wired.transformer, wired.sites);
    }

    private static Wired wire(AgentConfig config, Instrumentation instrumentation, String version, boolean attached) {
        AgentLogging.configure(config.logLevel());
        routeLogLines(config, instrumentation, attached);
        LockSites sites = new LockSites();
        LockBackend backend = config.mode() == AgentConfig.Mode.LOCAL
                ? new LocalLockBackend(config)
                : config.backend() == AgentConfig.Backend.ZOOKEEPER
                        ? new ZooKeeperLockBackend(config)
                        : new HazelcastLockBackend(config);
        LockRuntime runtime = new LockRuntime(sites, backend, config.lockPrefix());
        if (config.deadlockDetectionMillis() != DeadlockDetection.OFF) {
            runtime.watchDeadlocks(config.deadlockDetectionMillis());
        }
        backend.reportHolds(runtime::holds);
        LockBridge.install(runtime);
        ClassFileTransformer transformer = LockInstaller.install(instrumentation, sites, config.include());
        LockInstaller.warmUpInBackground();
        backend.start();
        LocksMBeanRegistration.registerInBackground(new LocksView(sites, runtime, backend));
        MetricsPublisher.publishInBackground(sites, runtime, backend);
        AgentLogging.announce(version, config.toString());
        if (config.mode() == AgentConfig.Mode.LOCAL) {
            log.warn("coordination.mode=local: locks are held inside this JVM only; other JVMs running the"
                    + " same methods are not excluded (for tests and single-JVM programs)");
        }
        if (config.healthPort() != 0) {
            // Ignored rather than refused: one set of settings may serve members and applications alike,
            // and an application's health is its own to report (a lock that cannot be had fails its calls).
            log.warn(
                    "coordination.health-port={} is ignored in an application JVM: only java -jar"
                            + " coordination-agent.jar member answers health probes",
                    config.healthPort());
        }
        return new Wired(sites, transformer);
    }

    /**
     * Lets the agent's lines wait for the application's SLF4J ({@code coordination.log-output}),
     * before the agent writes any: the transformer tells when that logging is ready.
     */
    private static void routeLogLines(AgentConfig config, Instrumentation instrumentation, boolean attached) {
        Class<?>[] loaded = attached ? instrumentation.getAllLoadedClasses() : null;
        if (ApplicationLogging.start(config.logOutput(), loaded)) {
            instrumentation.addTransformer(new LoggingReadyTransformer());
        }
    }

    /** What {@link #wire} installed, for the retransformation that follows an attach. */
    private static final class Wired {
        final LockSites sites;
        final ClassFileTransformer transformer;

        Wired(LockSites sites, ClassFileTransformer transformer) {
            this.sites = sites;
            this.transformer = transformer;
        }
    }
}
