package dev.coordination.agent.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.coordination.agent.config.AgentConfig;
import dev.coordination.agent.config.InvalidConfigurationException;
import dev.coordination.agent.health.MemberProbe;
import dev.coordination.agent.runtime.ConsensusGroup;
import dev.coordination.agent.runtime.CpStatus;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar coordination-agent.jar member}: a Hazelcast member that holds locks for
 * others (applications in {@code coordination.mode=client}) and runs no application, configured
 * from the same settings as the agent, or from a member XML/YAML file
 * ({@code coordination.hazelcast-config}). {@code LockAgent} prints its ready line and its one-line
 * failures; SIGTERM shuts it down gracefully. In CP unsafe mode it refuses to start when it would
 * join other members, unless {@code coordination.allow-unsafe-cluster=true}, and logs an ERROR when
 * a second data member joins later ({@link ClusterMode}). Agent jar, system class loader.
 */
public final class StandaloneMember {

    private final AgentConfig settings;
    private final Config config;
    private final ClusterMode mode;
    private final MemberHealthProbe health;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile HazelcastInstance instance;
    private volatile String readyLine;

    private StandaloneMember(AgentConfig settings, Config config) {
        this.settings = settings;
        this.config = config;
        this.mode = new ClusterMode(ClusterMode.Role.DEDICATED, settings.allowUnsafeCluster());
        config.getUserContext().put(ClusterMode.USER_CONTEXT_KEY, mode);
        this.health = new MemberHealthProbe(
                config.getClusterName(), config.getCPSubsystemConfig().getCPMemberCount(), mode);
    }

    /**
     * Builds the member's configuration, reading {@code coordination.hazelcast-config} if set.
     *
     * @throws InvalidConfigurationException for a bad configuration file, or for CP unsafe mode with
     *     other members to join and no {@code coordination.allow-unsafe-cluster=true}
     */
    public static StandaloneMember configure(AgentConfig settings) {
        com.hazelcast.logging.Logger.newLoggerFactory("slf4j");
        Config config = HazelcastConfigs.member(settings);
        String unsafe = HazelcastConfigs.unsafePeers(settings, config);
        if (unsafe != null) {
            throw new InvalidConfigurationException(unsafe);
        }
        return new StandaloneMember(settings, config);
    }

    /**
     * Starts the member and waits until it can serve locks (with a CP subsystem: until the CP
     * members have found each other).
     *
     * @throws RuntimeException when Hazelcast cannot start the member
     */
    public void start() throws InterruptedException {
        long begin = System.nanoTime();
        HazelcastInstance started = Hazelcast.newHazelcastInstance(config);
        boolean ready = false;
        try {
            health.watch(started);
            RaftLeaders.watch(started);
            int cpMembers = CpMembership.awaitServing(started, waiting -> {});
            mode.watch(started);
            readyLine = "coordination member " + settings.memberId() + " ready in "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin) / 1000.0 + "s: cluster \""
                    + config.getClusterName() + "\", address "
                    + started.getCluster().getLocalMember().getAddress()
                    + ", " + started.getCluster().getMembers().size() + " member(s), "
                    + (cpMembers == 0 ? "CP unsafe mode (cp-member-count=0)" : "CP subsystem of " + cpMembers);
            instance = started;
            ready = true;
        } finally {
            if (!ready) {
                started.getLifecycleService().terminate();
            }
        }
    }

    /** What the health probes ({@code coordination.health-port}) are answered from, from before {@link #start}. */
    public MemberProbe healthProbe() {
        return health;
    }

    /** The CP groups this member belongs to, from its own Raft state (empty before it started). */
    public List<ConsensusGroup> consensusGroups() {
        HazelcastInstance started = instance;
        return started == null ? List.of() : RaftGroups.of(started);
    }

    /** The CP subsystem's health as this member sees it; {@code null} before it started, and in unsafe mode. */
    public CpStatus cpStatus() {
        HazelcastInstance started = instance;
        return started == null ? null : CpHealth.of(started);
    }

    public String readyLine() {
        return readyLine;
    }

    /** Blocks until the JVM shuts down; its shutdown hook leaves the cluster gracefully. */
    public void runUntilStopped() throws InterruptedException {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            if (instance.getLifecycleService().isRunning()) {
                                instance.shutdown();
                            }
                            stopped.countDown();
                        },
                        "coordination-member-shutdown"));
        stopped.await();
    }
}
