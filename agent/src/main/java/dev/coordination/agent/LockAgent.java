package dev.coordination.agent;

import dev.coordination.agent.attach.AttachCommand;
import dev.coordination.agent.attach.AttachFailedException;
import dev.coordination.agent.attach.AttachReport;
import dev.coordination.agent.config.AgentConfig;
import dev.coordination.agent.config.InvalidConfigurationException;
import dev.coordination.agent.config.JdkModules;
import dev.coordination.agent.hazelcast.CpAdmin;
import dev.coordination.agent.hazelcast.CpUnavailableException;
import dev.coordination.agent.hazelcast.StandaloneMember;
import dev.coordination.agent.instrument.LockInstaller;
import dev.coordination.agent.logging.StderrLogging;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.instrument.Instrumentation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * The agent jar's entry points, loaded by the system class loader: {@code premain} for {@code
 * -javaagent:}, {@code agentmain} for attaching to a running JVM, {@code main} for {@code java
 * -jar coordination-agent.jar member|cp|attach}. It reads the configuration, puts the bridge on the bootstrap
 * class path (before anything loads a bridge class, or it would load twice), and wires the runtime.
 * Logging is not set up yet when it starts, so it writes only to {@code System.err}.
 */
public final class LockAgent {

    private static final String BRIDGE_PACKAGE = "dev/coordination/agent/bootstrap/";
    private static final String BRIDGE_CLASS = "dev.coordination.agent.bootstrap.LockBridge";

    private static final String USAGE = String.join("\n",
            "usage: java [-Dcoordination.<key>=<value> ...] -jar coordination-agent.jar COMMAND [key=value,...]",
            "  member                        run a standalone Hazelcast member for coordination's locks",
            "  cp status                     each member's mode; the CP members (present or missing) and groups",
            "  cp remove-missing             remove CP members that left, so replacements can take their seats",
            "  cp close-sessions MEMBER-ID   free every lock held by the JVM with that member id",
            "  attach PID                    attach the agent to the running JVM PID (needs a JDK): its loaded",
            "                                @Synchronized methods are locked from then on; key=value,... are",
            "                                the settings, as after -javaagent:coordination-agent.jar=",
            "(as -javaagent: this jar locks @Synchronized methods; see the coordination README)");

    private LockAgent() {}

    public static void premain(String arguments, Instrumentation instrumentation) {
        AgentConfig config;
        try {
            config = AgentConfig.load(System.getProperties(), arguments);
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
            config = AgentConfig.load(System.getProperties(), report.settings());
        } catch (InvalidConfigurationException e) {
            throw refuse(report, "invalid configuration: " + e.getMessage()
                    + " (agent not attached; the application runs on as before)", e);
        }
        String modules = JdkModules.problem();
        if (modules != null) {
            throw refuse(report, modules + " (agent not attached; the application runs on as before)", null);
        }
        try {
            appendBridgeToBootstrap(instrumentation);
        } catch (IOException e) {
            throw refuse(report, "could not put the agent's bridge on the bootstrap class path (" + e
                    + "); agent not attached, the application runs on as before", e);
        }
        String done;
        try {
            done = LockInstaller.attach(config, instrumentation, LockAgent.class.getPackage().getImplementationVersion());
        } catch (RuntimeException | LinkageError e) {
            throw refuse(report, "the agent failed while attaching (" + e + "); restart the JVM with"
                    + " -javaagent to lock its @Synchronized methods", e);
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

    public static void main(String[] arguments) {
        String command = arguments.length == 0 ? "" : arguments[0];
        if (command.equals("attach")) {
            attach(arguments);
            return;
        }
        if (!command.equals("member") && !command.equals("cp")) {
            System.err.println(USAGE);
            System.exit(1);
            return;
        }
        boolean cp = command.equals("cp");
        String action = cp && arguments.length > 1 ? arguments[1] : null;
        String argument = cp && arguments.length > 2 && !arguments[2].contains("=") ? arguments[2] : null;
        String last = arguments.length > 1 ? arguments[arguments.length - 1] : null;
        AgentConfig config;
        try {
            config = AgentConfig.load(System.getProperties(), last != null && last.contains("=") ? last : null);
        } catch (InvalidConfigurationException e) {
            System.err.println("coordination: invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        StderrLogging.configure(config.logLevel());
        if (!cp) {
            runMember(config);
            return;
        }
        try {
            for (String line : CpAdmin.run(config, action == null ? "" : action, argument)) {
                System.out.println(line);
            }
            System.exit(0);
        } catch (IllegalArgumentException e) {
            System.err.println("coordination: " + e.getMessage() + "\n" + USAGE);
            System.exit(1);
        } catch (CpUnavailableException e) {
            System.err.println("coordination: " + e.getMessage());
            System.exit(1);
        } catch (Exception e) {
            System.err.println("coordination: cp " + action + " failed: " + e);
            System.exit(1);
        }
    }

    /** {@code attach PID [key=value,...]}, from a JDK (the attach API is the jdk.attach module's). */
    private static void attach(String[] arguments) {
        if (arguments.length < 2 || arguments.length > 3) {
            System.err.println("coordination: attach needs a process id (and optionally key=value,... settings)\n"
                    + USAGE);
            System.exit(1);
            return;
        }
        if (ModuleLayer.boot().findModule(AttachCommand.MODULE).isEmpty()) {
            System.err.println("coordination: attach needs the " + AttachCommand.MODULE + " module, which this"
                    + " Java runtime (" + System.getProperty("java.home") + ") does not have; run the command"
                    + " with the java of a full JDK");
            System.exit(1);
            return;
        }
        try {
            File agentJar = new File(LockAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            String done = AttachCommand.attach(arguments[1], arguments.length > 2 ? arguments[2] : "",
                    agentJar.toPath().toAbsolutePath());
            System.out.println("coordination: " + done);
            System.exit(0);
        } catch (AttachFailedException e) {
            System.err.println("coordination: " + e.getMessage());
            System.exit(1);
        } catch (java.net.URISyntaxException | RuntimeException e) {
            System.err.println("coordination: attach failed: " + e);
            System.exit(1);
        }
    }

    /** One "ready" line on stdout when it serves locks; one line on stderr and exit 2 when it cannot start. */
    private static void runMember(AgentConfig config) {
        StandaloneMember member;
        PrintStream stderr = System.err;
        ByteArrayOutputStream parserNoise = new ByteArrayOutputStream();
        try {
            // The XML parser and Hazelcast report a broken file at length; the one line below says it all.
            System.setErr(new PrintStream(parserNoise, true, StandardCharsets.UTF_8));
            member = StandaloneMember.configure(config);
        } catch (InvalidConfigurationException e) {
            System.setErr(stderr);
            System.err.println("coordination: invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        } finally {
            System.setErr(stderr);
        }
        System.err.print(parserNoise.toString(StandardCharsets.UTF_8));
        try {
            member.start();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            System.err.println("coordination: the member could not start: " + e);
            System.exit(2);
            return;
        }
        System.out.println(member.readyLine());
        try {
            member.runUntilStopped();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void start(AgentConfig config, Instrumentation instrumentation) {
        try {
            appendBridgeToBootstrap(instrumentation);
        } catch (IOException e) {
            System.err.println("coordination: could not put the agent's bridge on the bootstrap class path ("
                    + e + "); the JVM stops so that no @Synchronized method runs unlocked");
            System.exit(2);
            return;
        }
        // Only now may bridge classes load: LockInstaller's wiring names them (LockAgent's own
        // bytecode must not, or verifying it would load them from this jar; BridgeLoadingIT).
        LockInstaller.start(config, instrumentation, LockAgent.class.getPackage().getImplementationVersion());
    }

    /** Copies the bridge package out of this jar into a small jar the bootstrap loader searches. */
    private static void appendBridgeToBootstrap(Instrumentation instrumentation) throws IOException {
        File agentJar;
        try {
            agentJar = new File(LockAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
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
                if (entry.getName().startsWith(BRIDGE_PACKAGE) && entry.getName().endsWith(".class")) {
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
