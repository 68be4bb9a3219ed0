package dev.coordination.bench.latency;

import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The {@code latency} group's scale: the same empty section under a {@link ReentrantLock}, in one
 * JVM (a JVM's own lock cannot be shared with a second JVM, so its contended figure is 4 threads of
 * one JVM). Test class path, no agent.
 */
public class ReentrantLatency {

    @State(Scope.Benchmark)
    public static class Lock {
        final ReentrantLock lock = new ReentrantLock();
    }

    @Benchmark
    public void section(Lock lock) {
        lock.lock.lock();
        lock.lock.unlock();
    }
}
