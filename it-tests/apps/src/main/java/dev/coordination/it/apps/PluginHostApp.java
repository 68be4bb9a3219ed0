package dev.coordination.it.apps;

import dev.coordination.LockAcquireFailedException;
import dev.coordination.Synchronized;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A plugin host, run with the agent: {@code PluginHostApp LOADER ROLE DIR PLUGIN_JAR ANNOTATIONS_JAR
 * THREADS CALLS}. It loads {@code CounterPlugin} from the plugin jar and the annotations jar through a
 * class loader of the plugin's own: LOADER {@code child-first} (parent: the application class loader,
 * which has the annotations too, so they exist twice) or {@code isolated} (parent: the platform class
 * loader, which has neither the host's classes nor the annotations). ROLE {@code first} or {@code
 * second}: two such JVMs count together, then {@code first} holds a lock that {@code second}
 * contends for; both then meet a null in a template, close and drop the plugin's loader, and count
 * once more with a fresh one. Lines starting "RESULT " report back; the exit code is 0 unless
 * something unexpected was thrown.
 */
public final class PluginHostApp {

    private static final String PLUGIN = "dev.coordination.sample.plugin.CounterPlugin";
    private static final long BOUND_SECONDS = 90;

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        String role = args[1];
        Path dir = Paths.get(args[2]);
        URL[] jars = {
            Paths.get(args[3]).toUri().toURL(), Paths.get(args[4]).toUri().toURL()
        };
        String threads = args[5];
        String calls = args[6];

        URLClassLoader loader = pluginLoader(kind, jars);
        System.out.println("RESULT " + describe(loader));
        Function<String, String> plugin = plugin(loader);
        call(plugin, "warmup " + BOUND_SECONDS);
        Files.createFile(dir.resolve("ready-" + role));
        ContenderApp.awaitFile(dir.resolve("ready-" + (role.equals("first") ? "second" : "first")));

        System.out.println("RESULT " + call(plugin, "count " + dir + " " + role + " " + threads + " " + calls));
        if (role.equals("first")) {
            System.out.println("RESULT " + call(plugin, "hold " + dir + " held"));
        } else {
            System.out.println("RESULT " + call(plugin, "contend " + dir + " held"));
        }
        System.out.println("RESULT " + call(plugin, "nullItem"));

        WeakReference<ClassLoader> dropped = new WeakReference<>(loader);
        loader.close();
        loader = null;
        plugin = null;
        System.out.println("RESULT droppedLoaderCollected=" + collected(dropped));

        try (URLClassLoader fresh = pluginLoader(kind, jars)) {
            String counted = call(plugin(fresh), "count " + dir + " " + role + " 1 " + calls);
            System.out.println("RESULT "
                    + counted.replace("failures=", "reloadedFailures=").replace("maxHolders=", "reloadedMaxHolders="));
        }
    }

    /** As plugin hosts do, with the plugin's loader as the thread's context class loader meanwhile. */
    private static String call(Function<String, String> plugin, String command) {
        Thread thread = Thread.currentThread();
        ClassLoader host = thread.getContextClassLoader();
        thread.setContextClassLoader(plugin.getClass().getClassLoader());
        try {
            return plugin.apply(command);
        } finally {
            thread.setContextClassLoader(host);
        }
    }

    /** The plugin's loader: its jars first, or its jars and the JDK only. */
    static URLClassLoader pluginLoader(String kind, URL[] jars) {
        switch (kind) {
            case "child-first":
                return new ChildFirstClassLoader("plugin", jars, PluginHostApp.class.getClassLoader());
            case "isolated":
                return new URLClassLoader("plugin", jars, ClassLoader.getPlatformClassLoader());
            default:
                throw new IllegalArgumentException("unknown plugin class loader " + kind);
        }
    }

    /** Which loader defined the plugin's annotation and exceptions: its own, not the host's. */
    private static String describe(ClassLoader loader) throws ClassNotFoundException {
        Class<?> annotation = loader.loadClass(Synchronized.class.getName());
        Class<?> exception = loader.loadClass(LockAcquireFailedException.class.getName());
        return "pluginAnnotationIsHosts=" + (annotation == Synchronized.class)
                + " pluginAnnotationLoader=" + (annotation.getClassLoader() == loader ? "plugin" : "other")
                + " pluginExceptionIsHosts=" + (exception == LockAcquireFailedException.class);
    }

    @SuppressWarnings("unchecked")
    private static Function<String, String> plugin(ClassLoader loader) throws ReflectiveOperationException {
        Class<?> type = Class.forName(PLUGIN, true, loader);
        if (type.getClassLoader() != loader) {
            throw new IllegalStateException(
                    PLUGIN + " was loaded by " + type.getClassLoader() + ", not the plugin's loader");
        }
        return (Function<String, String>) type.getConstructor().newInstance();
    }

    /** Whether garbage collection clears the reference within ten seconds. */
    private static boolean collected(WeakReference<ClassLoader> dropped) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (dropped.get() != null && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(50);
        }
        return dropped.get() == null;
    }
}
