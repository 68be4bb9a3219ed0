package dev.coordination.agent.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.coordination.agent.config.AgentConfig;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar coordination-agent.jar member}: a Hazelcast member that holds locks for
 * others (applications in {@code coordination.mode=client}) and runs no application, configured
 * from the same settings as the agent, or from a member XML/YAML file
 * ({@code coordination.hazelcast-config}). {@code LockAgent} prints its ready line and its one-line
 * failures; SIGTERM shuts it down gracefully. Agent jar, system class loader.
 */
public final class StandaloneMember {

    private final HazelcastInstance instance;
    private final String readyLine;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private StandaloneMember(HazelcastInstance instance, String readyLine) {
        this.instance = instance;
        this.readyLine = readyLine;
    }

    /**
     * Starts the member and waits until it can serve locks (with a CP subsystem: until the CP
     * members have found each other).
     *
     * @throws dev.coordination.agent.config.InvalidConfigurationException for a bad configuration file
     * @throws RuntimeException when Hazelcast cannot start the member
     */
    public static StandaloneMember start(AgentConfig settings) throws InterruptedException {
        long begin = System.nanoTime();
        com.hazelcast.logging.Logger.newLoggerFactory("slf4j");
        Config config = HazelcastConfigs.member(settings);
        HazelcastInstance instance = Hazelcast.newHazelcastInstance(config);
        StandaloneMember member = null;
        try {
            int cpMembers = config.getCPSubsystemConfig().getCPMemberCount();
            if (cpMembers > 0) {
                CpMembership.awaitDiscovery(instance, cpMembers, waiting -> { });
                CpMembership.keepFilled(instance, cpMembers);
            }
            String ready = "coordination member " + settings.memberId() + " ready in "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin) / 1000.0 + "s: cluster \""
                    + config.getClusterName() + "\", address " + instance.getCluster().getLocalMember().getAddress()
                    + ", " + instance.getCluster().getMembers().size() + " member(s), "
                    + (cpMembers == 0 ? "CP unsafe mode (cp-member-count=0)" : "CP subsystem of " + cpMembers);
            member = new StandaloneMember(instance, ready);
            return member;
        } finally {
            if (member == null) {
                instance.getLifecycleService().terminate();
            }
        }
    }

    public String readyLine() {
        return readyLine;
    }

    /** Blocks until the JVM shuts down; its shutdown hook leaves the cluster gracefully. */
    public void runUntilStopped() throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (instance.getLifecycleService().isRunning()) {
                instance.shutdown();
            }
            stopped.countDown();
        }, "coordination-member-shutdown"));
        stopped.await();
    }
}
