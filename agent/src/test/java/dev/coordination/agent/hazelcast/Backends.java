package dev.coordination.agent.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.CPGroup;
import com.hazelcast.cp.session.CPSession;
import com.hazelcast.cp.session.CPSessionManagementService;
import dev.coordination.agent.config.AgentConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Real Hazelcast backends in the test JVM, for {@code LockBackendContractTest}: embedded members on
 * 127.0.0.1, on ports and a cluster name of their own, so test runs never meet.
 */
final class Backends {

    private Backends() {}

    /** {@code size} members of one cluster with {@code settings} (agent arguments), started and ready. */
    static List<HazelcastLockBackend> start(int size, String settings) throws Exception {
        return start(freePorts(size), size, settings);
    }

    /**
     * {@code size} members on ports from {@code first}, in the cluster named after {@code first}:
     * called again with the same port, it starts that cluster again.
     */
    static List<HazelcastLockBackend> start(int first, int size, String settings) throws Exception {
        List<HazelcastLockBackend> backends = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            AgentConfig config = AgentConfig.load(
                    new Properties(),
                    cluster(first, size) + ",port=" + (first + i) + ",agent-id=contract-" + first + "-" + (i + 1) + ","
                            + settings);
            HazelcastLockBackend backend = new HazelcastLockBackend(config);
            backend.start();
            backends.add(backend);
        }
        awaitReady(backends);
        return backends;
    }

    /** A client-mode backend of the cluster {@link #start(int, int, String)} starts from {@code first}, ready. */
    static HazelcastLockBackend client(int first, int size, String name) throws Exception {
        HazelcastLockBackend client = new HazelcastLockBackend(AgentConfig.load(
                new Properties(), cluster(first, size) + ",mode=client,agent-id=contract-" + first + "-" + name));
        client.start();
        awaitReady(List.of(client));
        return client;
    }

    private static String cluster(int first, int size) {
        StringBuilder members = new StringBuilder();
        for (int i = 0; i < size; i++) {
            members.append(i == 0 ? "" : ",").append("127.0.0.1:").append(first + i);
        }
        return "cluster-name=contract-" + first + ",members=" + members;
    }

    private static void awaitReady(List<HazelcastLockBackend> backends) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        for (HazelcastLockBackend backend : backends) {
            while (!backend.isReady()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the member was not ready within 120 s: " + backend.status());
                }
                Thread.sleep(50);
            }
        }
    }

    /**
     * Ends {@code members} at once, as {@code kill -9} would (no graceful shutdown): with the last of
     * them, every CP state of their cluster is gone.
     */
    static void kill(List<HazelcastLockBackend> members) {
        members.forEach(member -> member.startedInstance().getLifecycleService().terminate());
        members.forEach(HazelcastLockBackend::stop);
    }

    /** The agent arguments that reach the cluster {@code member} is in: its cluster name, port and members. */
    static String clusterOf(HazelcastLockBackend member) {
        com.hazelcast.config.Config config = member.startedInstance().getConfig();
        return "cluster-name=" + config.getClusterName() + ",port="
                + config.getNetworkConfig().getPort() + ",members="
                + String.join(
                        ",",
                        config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers());
    }

    /** One more member, started and ready, in the cluster {@code member} is in. */
    static HazelcastLockBackend join(HazelcastLockBackend member, String agentId, String settings) throws Exception {
        HazelcastLockBackend backend = new HazelcastLockBackend(
                AgentConfig.load(new Properties(), clusterOf(member) + ",agent-id=" + agentId + "," + settings));
        backend.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!backend.isReady()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the member was not ready within 120 s: " + backend.status());
            }
            Thread.sleep(50);
        }
        return backend;
    }

    /**
     * Closes the CP sessions of {@code backend}'s member in the default CP group, as the cluster does
     * when their heartbeats stop; {@code false} when the CP subsystem cannot be told to (unsafe mode).
     */
    static boolean closeSessions(HazelcastLockBackend backend) throws Exception {
        HazelcastInstance instance = backend.startedInstance();
        try {
            CPSessionManagementService sessions = instance.getCPSubsystem().getCPSessionManagementService();
            boolean closed = false;
            for (CPSession session : sessions.getAllSessions(CPGroup.DEFAULT_GROUP_NAME)
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS)) {
                if (session.endpointName().equals(backend.memberId())) {
                    closed |= sessions.forceCloseSession(CPGroup.DEFAULT_GROUP_NAME, session.id())
                            .toCompletableFuture()
                            .get(30, TimeUnit.SECONDS);
                }
            }
            return closed;
        } catch (java.util.concurrent.ExecutionException | RuntimeException e) {
            return false;
        }
    }

    /**
     * The first of {@code count} consecutive ports free on 127.0.0.1 now. The tests run in parallel
     * forks: each draws from a range of its own, so two forks never pick the same ports at once.
     */
    static int freePorts(int count) throws IOException {
        int forks = Integer.getInteger("test.forks", 1);
        int fork = Math.max(1, Math.min(forks, Integer.getInteger("test.fork", 1)));
        int span = 16_000 / forks;
        for (int attempt = 0; attempt < 100; attempt++) {
            int first = 42_000 + (fork - 1) * span + (int) (Math.random() * (span - count - 2));
            if (allFree(first, count)) {
                return first;
            }
        }
        throw new IOException("no " + count + " consecutive free ports on 127.0.0.1");
    }

    private static boolean allFree(int first, int count) {
        for (int port = first; port < first + count + 2; port++) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
