package dev.coordination.bench.overhead;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.lock.FencedLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The {@code overhead} group's baseline: the body of {@link LockedSections} between hand-written
 * {@code FencedLock.lock()/unlock()} on an embedded Hazelcast 5.4.0 member configured as the agent
 * configures its own ({@link BenchMember}). Runs in a fork without the agent.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
public class HandWrittenLockBenchmark {

    private final LockedSections sections = new LockedSections();
    private HazelcastInstance member;
    private FencedLock lock;

    @Setup
    public void startMember() {
        member = BenchMember.start(System.getProperty("bench.cluster"), Integer.getInteger("bench.port"));
        lock = member.getCPSubsystem().getLock(LockedSections.NAME);
        lock.lock();
        lock.unlock();
    }

    @TearDown
    public void stopMember() {
        member.shutdown();
    }

    @Benchmark
    public long handWritten() {
        lock.lock();
        try {
            return sections.bare();
        } finally {
            lock.unlock();
        }
    }
}
