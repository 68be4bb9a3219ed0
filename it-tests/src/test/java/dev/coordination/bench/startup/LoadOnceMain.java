package dev.coordination.bench.startup;

import java.lang.management.ManagementFactory;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * One load of the generated classes in a JVM of its own, for the start-up group's count of the
 * classes that reached ByteBuddy (run with the agent at {@code log-level=debug}). Prints {@code
 * loaded=<classes loaded during the load>}, the load's wall and CPU times, and exits, which stops
 * the agent's member.
 */
public final class LoadOnceMain {

    private LoadOnceMain() {}

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        var names = GeneratedClasses.names(jar);
        ClassLoading.awaitAgentMember();
        var process = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long before = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
        long processCpu = process.getProcessCpuTime();
        long threadCpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        long start = System.nanoTime();
        try (URLClassLoader loader = ClassLoading.loaderOver(jar)) {
            ClassLoading.loadAll(loader, names);
        }
        long wall = System.nanoTime() - start;
        threadCpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - threadCpu;
        processCpu = process.getProcessCpuTime() - processCpu;
        long after = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
        System.out.println("loaded=" + (after - before));
        System.out.printf("ms wall=%d loading-thread-cpu=%d process-cpu=%d%n", wall / 1_000_000,
                threadCpu / 1_000_000, processCpu / 1_000_000);
        System.exit(0);
    }
}
