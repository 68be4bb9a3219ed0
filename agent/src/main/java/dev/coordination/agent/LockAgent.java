package dev.coordination.agent;

import dev.coordination.agent.attach.AttachReport;
import dev.coordination.agent.config.AgentConfig;
import dev.coordination.agent.config.InvalidConfigurationException;
import dev.coordination.agent.config.JdkModules;
import dev.coordination.agent.startup.AgentStartup;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * The agent's entry points, loaded by the system class loader: {@code premain} for {@code
 * -javaagent:}, {@code agentmain} for attaching to a running JVM (the command line, {@code java -jar
 * coordination-agent.jar ...}, is {@code cli.Main}). It reads the configuration, puts the bridge on
 * the bootstrap class path (before anything loads a bridge class, or it would load twice), and hands
 * over to {@link AgentStartup}. Logging is not set up yet when it starts, so it writes only to {@code
 * System.err}.
 */
public final class LockAgent {

    private static final String BRIDGE_PACKAGE = "dev/coordination/agent/bootstrap/";
    private static final String BRIDGE_CLASS = "dev.coordination.agent.bootstrap.LockBridge";

    private LockAgent() {}

    public static void premain(String arguments, Instrumentation instrumentation) {
        AgentConfig config;
        try {
            config = AgentConfig.load(System.getProperties(), System.getenv(), arguments);
        } catch (InvalidConfigurationException e) {
            // Without its settings the agent cannot lock; running the application would run
            // @Synchronized methods unlocked. Stop before main.
            System.err.println("coordination: invalid configuration: " + e.getMessage()
                    + " (the JVM stops before the application starts)");
            System.exit(2);
            return;
        }
        String modules = JdkModules.problem();
        if (modules != null) {
            // Hazelcast would fail at the first lock, and every locked call with it.
            System.err.println("coordination: " + modules + " (the JVM stops before the application starts)");
            System.exit(2);
            return;
        }
        start(config, instrumentation);
    }

    /**
     * Attached to a running JVM: starts like {@link #premain}, then retransforms the classes already
     * loaded. Never stops the JVM: a failure is printed, reported to the {@code attach} command and
     * thrown, so the attach API fails too. When the agent already runs here it does nothing but say
     * so (returning normally: throwing would add the JDK's page of stack trace to the JVM's output).
     */
    public static synchronized void agentmain(String arguments, Instrumentation instrumentation) {
        AttachReport report = AttachReport.of(arguments);
        if (bridgeOnBootstrapPath()) {
            String refused = "the coordination agent already runs in this JVM (started with -javaagent or"
                    + " attached before); this attach changed nothing";
            System.err.println("coordination: " + refused);
            report.refused(refused);
            return;
        }
        AgentConfig config;
        try {
            config = AgentConfig.load(System.getProperties(), System.getenv(), report.settings());
        } catch (InvalidConfigurationException e) {
            throw refuse(
                    report,
                    "invalid configuration: " + e.getMessage()
                            + " (agent not attached; the application runs on as before)",
                    e);
        }
        String modules = JdkModules.problem();
        if (modules != null) {
            throw refuse(report, modules + " (agent not attached; the application runs on as before)", null);
        }
        try {
            appendBridgeToBootstrap(instrumentation);
        } catch (IOException e) {
            throw refuse(
                    report,
                    "could not put the agent's bridge on the bootstrap class path (" + e
                            + "); agent not attached, the application runs on as before",
                    e);
        }
        String done;
        try {
            done = AgentStartup.attach(
                    config, instrumentation, LockAgent.class.getPackage().getImplementationVersion());
        } catch (RuntimeException | LinkageError e) {
            throw refuse(
                    report,
                    "the agent failed while attaching (" + e + "); restart the JVM with"
                            + " -javaagent to lock its @Synchronized methods",
                    e);
        }
        report.attached(done);
    }

    private static IllegalStateException refuse(AttachReport report, String why, Throwable cause) {
        System.err.println("coordination: " + why);
        report.refused(why);
        return new IllegalStateException(why, cause);
    }

    /** Looks on the bootstrap path only, so a bridge class is never loaded from this jar. */
    private static boolean bridgeOnBootstrapPath() {
        try {
            Class.forName(BRIDGE_CLASS, false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static void start(AgentConfig config, Instrumentation instrumentation) {
        try {
            appendBridgeToBootstrap(instrumentation);
        } catch (IOException e) {
            System.err.println("coordination: could not put the agent's bridge on the bootstrap class path (" + e
                    + "); the JVM stops so that no @Synchronized method runs unlocked");
            System.exit(2);
            return;
        }
        // Only now may bridge classes load: AgentStartup's wiring names them. LockAgent's own
        // bytecode must not, or verifying it would load them from this jar, and the advice would
        // reach a second bridge whose dispatcher was never installed: every locked call in every
        // IT would fail closed.
        AgentStartup.start(config, instrumentation, LockAgent.class.getPackage().getImplementationVersion());
    }

    /** Copies the bridge package out of this jar into a small jar the bootstrap loader searches. */
    private static void appendBridgeToBootstrap(Instrumentation instrumentation) throws IOException {
        File agentJar;
        try {
            agentJar = new File(LockAgent.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (java.net.URISyntaxException | RuntimeException e) {
            throw new IOException("cannot locate the agent jar", e);
        }
        File bridgeJar = Files.createTempFile("coordination-bridge-", ".jar").toFile();
        bridgeJar.deleteOnExit();
        int copied = 0;
        try (JarFile source = new JarFile(agentJar);
                OutputStream file = Files.newOutputStream(bridgeJar.toPath());
                JarOutputStream target = new JarOutputStream(file)) {
            Enumeration<JarEntry> entries = source.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (entry.getName().startsWith(BRIDGE_PACKAGE)
                        && entry.getName().endsWith(".class")) {
                    target.putNextEntry(new JarEntry(entry.getName()));
                    try (InputStream in = source.getInputStream(entry)) {
                        in.transferTo(target);
                    }
                    target.closeEntry();
                    copied++;
                }
            }
        }
        if (copied == 0) {
            throw new IOException("no bridge classes under " + BRIDGE_PACKAGE + " in " + agentJar);
        }
        instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(bridgeJar));
    }
}
