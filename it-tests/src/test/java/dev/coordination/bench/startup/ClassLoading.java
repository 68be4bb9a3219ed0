package dev.coordination.bench.startup;

import dev.coordination.Coordination;
import dev.coordination.DistributedLock;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;

/**
 * What the start-up benchmark times: every generated class loaded and initialised through a fresh
 * {@link URLClassLoader} over the generated jar, as an application's class path would load them.
 */
public final class ClassLoading {

    private ClassLoading() {}

    /** A loader over {@code jar} whose parent (the system loader) has the annotations jar. */
    public static URLClassLoader loaderOver(Path jar) throws IOException {
        return new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getSystemClassLoader());
    }

    /** Loads and initialises every class; returns a value the JIT cannot drop. */
    public static int loadAll(ClassLoader loader, List<String> names) throws ClassNotFoundException {
        int hash = 0;
        for (String name : names) {
            hash += Class.forName(name, true, loader).getName().length();
        }
        return hash;
    }

    /**
     * With the agent, waits until its Hazelcast member is up (the first lock waits for it), so the
     * member's start does not compete for the CPU while classes load. Without the agent, returns.
     */
    public static void awaitAgentMember() {
        if (!Coordination.isActive()) {
            return;
        }
        DistributedLock ready = Coordination.getLock("startup-bench-member-ready");
        ready.lock();
        ready.unlock();
    }
}
