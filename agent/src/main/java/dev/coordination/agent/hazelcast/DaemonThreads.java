package dev.coordination.agent.hazelcast;

import java.security.AccessController;
import java.security.PrivilegedAction;
import java.util.concurrent.ThreadFactory;

/**
 * Daemon threads for the agent's pools, which start them lazily, on whatever application thread
 * happens to make the first call. A thread made there would inherit that thread's context class
 * loader and, before Java 24, its access control context, whose protection domains name the class
 * loaders of the calling code: a plugin's loader that made the first call would stay reachable for
 * as long as the pool thread lives, though the host closed and dropped it (PluginClassLoaderIT).
 * So the threads are made inside {@code doPrivileged}, which keeps the caller's frames out of the
 * inherited context, and get the agent's own loader as context class loader. Lives in the agent
 * jar, on the system class loader.
 */
final class DaemonThreads {

    private DaemonThreads() {}

    static ThreadFactory named(String name) {
        return task -> create(task, name);
    }

    @SuppressWarnings("removal") // AccessController does nothing from Java 24 on, when this is no longer needed
    private static Thread create(Runnable task, String name) {
        Thread thread = AccessController.doPrivileged((PrivilegedAction<Thread>) () -> new Thread(task, name));
        thread.setContextClassLoader(DaemonThreads.class.getClassLoader());
        thread.setDaemon(true);
        return thread;
    }
}
