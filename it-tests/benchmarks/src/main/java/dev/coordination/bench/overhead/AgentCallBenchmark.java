package dev.coordination.bench.overhead;

import dev.coordination.Coordination;
import dev.coordination.DistributedLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The {@code overhead} group, the agent's side: one uncontended call of an annotated method, and
 * the same body under {@code Coordination.getLock(name).lock()/unlock()}. Runs in a fork started
 * with {@code -javaagent} (one embedded member, unsafe mode; {@code OverheadGroup} sets it up).
 * Calls are sampled one by one, so the table can compare medians, which a stall of the shared
 * machine in one iteration does not move the way it moves a mean.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
public class AgentCallBenchmark {

    static final String VOLUME_ID = "0f6b1d4c-7a52-4d3e-9a0b-3c8e2f1d5a67";

    private final LockedSections sections = new LockedSections();

    @Setup
    public void memberReady() {
        if (!Coordination.isActive()) {
            throw new IllegalStateException("this benchmark needs the agent (-javaagent), which is not active");
        }
        sections.locked(); // the first call waits for the embedded member to start
    }

    @Benchmark
    public long annotated() {
        return sections.locked();
    }

    @Benchmark
    public long annotatedTemplate() {
        return sections.lockedVolume(VOLUME_ID);
    }

    @Benchmark
    public long facade() {
        DistributedLock lock = Coordination.getLock(LockedSections.NAME);
        lock.lock();
        try {
            return sections.bare();
        } finally {
            lock.unlock();
        }
    }
}
