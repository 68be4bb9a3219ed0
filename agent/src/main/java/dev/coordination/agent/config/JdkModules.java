package dev.coordination.agent.config;

import java.lang.module.ModuleFinder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The JDK modules the agent's Hazelcast needs, and which of them this JVM left out. The agent runs
 * from the class path, which on an ordinary {@code java -cp} launch sees every JDK module; a JVM
 * started with a main module ({@code java --module-path ... -m app/app.Main}) resolves only what
 * that module requires, so Hazelcast would fail at its first lock on {@code sun.misc.Unsafe}
 * ({@code jdk.unsupported}), {@code javax.transaction.xa} and the like, and every locked call with
 * it. The agent stops the JVM instead, naming the fix ({@code --add-modules ALL-DEFAULT}). A module
 * the Java runtime does not have at all (a jlink image without it) is not reported: no option could
 * add it, and class-path code has to do without it too. Lives in the agent jar, on the system class
 * loader (ModularAppIT).
 */
public final class JdkModules {

    /** What {@code jdeps --print-module-deps} lists for the agent jar, less the attach command's jdk.attach. */
    static final List<String> NEEDED = List.of(
            "java.logging",
            "java.management",
            "java.naming",
            "java.net.http",
            "java.scripting",
            "java.sql",
            "java.transaction.xa",
            "java.xml",
            "jdk.net",
            "jdk.unsupported");

    private JdkModules() {}

    /**
     * @return why this JVM cannot run the agent, naming the missing modules and the option that adds
     *     them, or {@code null} when every needed module is there
     */
    public static String problem() {
        ModuleFinder system = ModuleFinder.ofSystem();
        return problem(
                name -> ModuleLayer.boot().findModule(name).isPresent(),
                name -> system.find(name).isPresent());
    }

    static String problem(Predicate<String> resolved, Predicate<String> inRuntime) {
        List<String> missing = new ArrayList<>();
        for (String name : NEEDED) {
            if (!resolved.test(name) && inRuntime.test(name)) {
                missing.add(name);
            }
        }
        if (missing.isEmpty()) {
            return null;
        }
        return "this JVM was started without the JDK modules " + String.join(", ", missing) + ", which the"
                + " agent's Hazelcast needs (a JVM started with a main module, java -m, resolves only what that"
                + " module requires); add --add-modules ALL-DEFAULT (or --add-modules " + String.join(",", missing)
                + ") to the java command line";
    }
}
