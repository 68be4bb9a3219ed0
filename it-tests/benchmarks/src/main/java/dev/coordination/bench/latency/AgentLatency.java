package dev.coordination.bench.latency;

import dev.coordination.Coordination;
import dev.coordination.DistributedLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The {@code latency} group, the agent's side: one {@code @Synchronized} empty section per
 * operation. Runs in a fork started with {@code -javaagent} (embedded member or client, as the
 * group's arguments say); the group picks the mode ({@code SampleTime} alone, {@code Throughput}
 * with 4 threads while a {@link LockContender} JVM takes the same name). Test class path, woven by
 * the agent.
 */
public class AgentLatency {

    @State(Scope.Benchmark)
    public static class Lock {
        final LockedSections sections = new LockedSections();
        final String name = ForkReport.lockName();
        ContenderProcess contender;

        @Setup(Level.Trial)
        public void connect() throws Exception {
            DistributedLock lock = Coordination.getLock(name); // waits (bounded) for the cluster
            lock.lock();
            lock.unlock();
            String mode = System.getProperty("bench.latency.mode", "embedded");
            String place = mode.equals("zookeeper")
                    ? "a client of the ZooKeeper server"
                    : mode.equals("client")
                            ? "a client of the dedicated members"
                            : RaftLeadership.makeFollower(RaftLeadership.agentMember());
            ForkReport.write(place);
            contender = ContenderProcess.startIfAsked();
        }

        @TearDown(Level.Trial)
        public void stopContender() throws Exception {
            if (contender != null) {
                contender.stop();
            }
        }
    }

    @Benchmark
    public void section(Lock lock) {
        lock.sections.empty(lock.name);
    }
}
