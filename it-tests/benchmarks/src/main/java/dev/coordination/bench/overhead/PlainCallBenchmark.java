package dev.coordination.bench.overhead;

import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The {@code overhead} group, for scale: the same body bare and under a JVM-local {@link
 * ReentrantLock}. No agent, no member.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
public class PlainCallBenchmark {

    private final LockedSections sections = new LockedSections();
    private final ReentrantLock lock = new ReentrantLock();

    @Benchmark
    public long bare() {
        return sections.bare();
    }

    @Benchmark
    public long reentrantLock() {
        lock.lock();
        try {
            return sections.bare();
        } finally {
            lock.unlock();
        }
    }
}
