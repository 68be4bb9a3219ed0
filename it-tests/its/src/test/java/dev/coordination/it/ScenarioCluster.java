package dev.coordination.it;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Several {@code ScenarioApp} JVMs that form one Hazelcast cluster on 127.0.0.1. The first one
 * starts alone and the others once it listens, so they join its cluster rather than race it; the
 * cluster is ready when every JVM has taken a first lock (with a CP subsystem, only once all its
 * members are up).
 */
final class ScenarioCluster implements AutoCloseable {

    static final long START_SECONDS = 90;

    final List<ScenarioClient> jvms = new ArrayList<>();
    final Path dir;
    /** The agent arguments every JVM of this cluster runs with. */
    String args;
    /** From starting the first JVM until every JVM took its first lock. */
    long formedMillis;

    private ScenarioCluster(Path dir) {
        this.dir = dir;
    }

    static ScenarioCluster start(String test, int size, String extraArgs) throws Exception {
        return start(test, size, extraArgs, List.of());
    }

    /** As {@link #start(String, int, String)}, every JVM started with {@code jvmOptions} too. */
    static ScenarioCluster start(String test, int size, String extraArgs, List<String> jvmOptions) throws Exception {
        return start(test, size, extraArgs, number -> jvmOptions);
    }

    /** As {@link #start(String, int, String)}, JVM number {@code n} (from 1) started with {@code jvmOptions.apply(n)}. */
    static ScenarioCluster start(String test, int size, String extraArgs, IntFunction<List<String>> jvmOptions)
            throws Exception {
        return startOn(test, Ports.freeBlock(size), size, extraArgs, jvmOptions);
    }

    /**
     * As {@link #start(String, int, String)}, on ports from {@code first}: started again with the same
     * port once the JVMs are gone, it is the same cluster (name and addresses), in a work directory
     * of its own.
     */
    static ScenarioCluster startOn(String test, int first, int size, String extraArgs) throws Exception {
        return startOn(test, first, size, extraArgs, number -> List.of());
    }

    private static ScenarioCluster startOn(
            String test, int first, int size, String extraArgs, IntFunction<List<String>> jvmOptions) throws Exception {
        Path dir = AgentJvm.workDir(test);
        String args = Ports.cluster(test, first, size, extraArgs);
        long begin = System.nanoTime();
        ScenarioCluster cluster = new ScenarioCluster(dir);
        cluster.args = args;
        try {
            cluster.jvms.add(
                    ScenarioClient.start("jvm1", dir, args, jvmOptions.apply(1)).awaitControlPort(START_SECONDS));
            for (int i = 2; i <= size; i++) {
                cluster.jvms.add(ScenarioClient.start("jvm" + i, dir, args, jvmOptions.apply(i)));
            }
            for (ScenarioClient jvm : cluster.jvms) {
                jvm.awaitControlPort(START_SECONDS);
            }
            cluster.onAll(jvm -> jvm.ok("WARMUP warmup-" + jvm.name + " " + START_SECONDS, START_SECONDS + 10));
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
        cluster.formedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
        return cluster;
    }

    /** No JVM yet: {@link #add} starts them, e.g. clients of a cluster of dedicated members. */
    static ScenarioCluster empty(Path dir, String args) {
        ScenarioCluster cluster = new ScenarioCluster(dir);
        cluster.args = args;
        return cluster;
    }

    /** Starts one more JVM into this cluster and waits until it took a first lock. */
    ScenarioClient add(String name) throws Exception {
        ScenarioClient jvm = ScenarioClient.start(name, dir, args).awaitControlPort(START_SECONDS);
        jvms.add(jvm);
        jvm.ok("WARMUP warmup-" + name + " " + START_SECONDS, START_SECONDS + 10);
        return jvm;
    }

    ScenarioClient jvm(int number) {
        return jvms.get(number - 1);
    }

    interface Step<T> {
        T on(ScenarioClient jvm) throws Exception;
    }

    /** Runs a step on every JVM at once and returns their results in JVM order. */
    <T> List<T> onAll(Step<T> step) throws Exception {
        return onEach(jvms, step);
    }

    static <T> List<T> onEach(List<ScenarioClient> targets, Step<T> step) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(targets.size());
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (ScenarioClient jvm : targets) {
                Callable<T> call = () -> step.on(jvm);
                futures.add(pool.submit(call));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                try {
                    results.add(future.get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Error) {
                        throw (Error) e.getCause();
                    }
                    throw e;
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Override
    public void close() {
        jvms.forEach(ScenarioClient::close);
    }
}
