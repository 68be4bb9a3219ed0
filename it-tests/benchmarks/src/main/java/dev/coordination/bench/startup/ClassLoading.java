package dev.coordination.bench.startup;

import com.sun.management.OperatingSystemMXBean;
import dev.coordination.Coordination;
import dev.coordination.DistributedLock;
import java.io.IOException;
import java.lang.management.ManagementFactory;
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

    /** Longest wait for the JVM to settle ({@link #awaitQuiet}). */
    private static final long QUIET_WAIT_NANOS = 30_000_000_000L;
    /** One look at the process's CPU use. */
    private static final long QUIET_WINDOW_MILLIS = 250;
    /** Quiet: the whole process used under 5 % of one core in a window. */
    private static final double QUIET_SHARE = 0.05;
    /** Quiet windows in a row that end the wait. */
    private static final int QUIET_WINDOWS = 2;

    /**
     * Waits until the whole process has used under 5 % of one core for two 250 ms windows in a
     * row: the JIT has compiled what start-up made hot, and no start-up work (an agent's member
     * included) is left to compete with what is timed next. Gives up after 30 s and says so.
     */
    public static void awaitQuiet() throws InterruptedException {
        OperatingSystemMXBean process = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long begin = System.nanoTime();
        int quiet = 0;
        while (quiet < QUIET_WINDOWS) {
            if (System.nanoTime() - begin > QUIET_WAIT_NANOS) {
                throw new IllegalStateException("the JVM did not settle (process CPU under " + QUIET_SHARE * 100
                        + " % of one core for " + QUIET_WINDOWS + " x " + QUIET_WINDOW_MILLIS + " ms) within 30 s");
            }
            long cpu = process.getProcessCpuTime();
            long wall = System.nanoTime();
            Thread.sleep(QUIET_WINDOW_MILLIS);
            double share = (process.getProcessCpuTime() - cpu) / (double) (System.nanoTime() - wall);
            quiet = share < QUIET_SHARE ? quiet + 1 : 0;
        }
    }
}
