package dev.coordination.bench.latency;

import com.hazelcast.client.impl.clientside.HazelcastClientProxy;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.lock.FencedLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The {@code latency} group's baseline: hand-written {@code FencedLock.lock()}/{@code unlock()}
 * (the proxy looked up once) on Hazelcast 5.4.0 itself, in a fork without the agent whose member or
 * client is configured as the agent's would be ({@link PlainHazelcast}, from {@code
 * -Dbench.latency.hazelcast}). Test class path, no agent.
 */
public class FencedLatency {

    @State(Scope.Benchmark)
    public static class Lock {
        HazelcastInstance instance;
        FencedLock lock;
        ContenderProcess contender;

        @Setup(Level.Trial)
        public void connect() throws Exception {
            instance = PlainHazelcast.start(Settings.parse(System.getProperty("bench.latency.hazelcast")));
            lock = instance.getCPSubsystem().getLock(ForkReport.lockName());
            lock.lock();
            lock.unlock();
            ForkReport.write(
                    instance instanceof HazelcastClientProxy
                            ? "a client of the dedicated members"
                            : RaftLeadership.makeFollower(instance));
            contender = ContenderProcess.startIfAsked();
        }

        @TearDown(Level.Trial)
        public void disconnect() throws Exception {
            if (contender != null) {
                contender.stop();
            }
            instance.getLifecycleService().terminate();
        }
    }

    @Benchmark
    public void section(Lock lock) {
        lock.lock.lock();
        lock.lock.unlock();
    }
}
