package dev.coordination.bench.latency;

import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.retry.RetryNTimes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The {@code zookeeper} group's baseline: Apache Curator's own {@code InterProcessMutex} (acquire,
 * release) on the same ZooKeeper server as the agent's side, in a fork without the agent, its client
 * made as the agent makes its own (session timeout, retry policy). Test class path, no agent.
 */
public class CuratorLatency {

    /** Connects a Curator client to {@code connect} the way the agent does, and waits until it is connected. */
    static CuratorFramework connect(String connect) throws InterruptedException {
        CuratorFramework client = CuratorFrameworkFactory.builder()
                .connectString(connect)
                .namespace("bench-curator")
                .sessionTimeoutMs(30_000)
                .connectionTimeoutMs(5_000)
                .retryPolicy(new RetryNTimes(10, 200))
                .build();
        client.start();
        if (!client.blockUntilConnected(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no ZooKeeper at " + connect + " within 60 s");
        }
        return client;
    }

    /** One empty section under {@code InterProcessMutex} on lock {@code name}. */
    static Runnable mutexSection(CuratorFramework client, String name) {
        InterProcessMutex mutex = new InterProcessMutex(client, "/locks/" + name);
        return () -> {
            try {
                mutex.acquire();
                mutex.release();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    @State(Scope.Benchmark)
    public static class Lock {
        CuratorFramework client;
        Runnable section;
        ContenderProcess contender;

        @Setup(Level.Trial)
        public void connect() throws Exception {
            client = CuratorLatency.connect(System.getProperty("bench.zookeeper.connect"));
            section = mutexSection(client, ForkReport.lockName());
            section.run();
            ForkReport.write("a client of the ZooKeeper server");
            contender = ContenderProcess.startIfAsked();
        }

        @TearDown(Level.Trial)
        public void disconnect() throws Exception {
            if (contender != null) {
                contender.stop();
            }
            client.close();
        }
    }

    @Benchmark
    public void section(Lock lock) {
        lock.section.run();
    }
}
