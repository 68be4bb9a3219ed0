package dev.coordination.agent.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.coordination.agent.config.AgentConfig;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code coordination.mode=embedded} (the default): this JVM is a Hazelcast member of the lock
 * cluster, and a CP member while the CP subsystem has seats to fill. In CP unsafe mode it refuses
 * every lock while the cluster has several data members, unless {@code
 * coordination.allow-unsafe-cluster=true} ({@link ClusterMode}). Agent jar, system class loader.
 */
final class EmbeddedMember implements ClusterConnection {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMember.class);

    private final AgentConfig settings;
    /** Watches the instance this JVM runs now; reset when Coordination.stop() and start() make another. */
    private final ClusterMode mode;

    private volatile long begin = System.nanoTime();

    EmbeddedMember(AgentConfig settings) {
        this.settings = settings;
        this.mode = new ClusterMode(ClusterMode.Role.EMBEDDED, settings.allowUnsafeCluster());
    }

    @Override
    public String starting() {
        return "starting the embedded Hazelcast member";
    }

    @Override
    public HazelcastInstance create() {
        begin = System.nanoTime();
        mode.starting();
        Config config = HazelcastConfigs.member(settings);
        config.getUserContext().put(ClusterMode.USER_CONTEXT_KEY, mode);
        return Hazelcast.newHazelcastInstance(config);
    }

    @Override
    public void awaitReady(HazelcastInstance instance, Consumer<String> status) throws InterruptedException {
        Config config = instance.getConfig();
        RaftLeaders.watch(instance);
        int cpMembers = CpMembership.awaitServing(instance, status);
        // Before the first lock is served: in unsafe mode this counts the members now and logs.
        mode.watch(instance);
        log.info(
                "Hazelcast member {} ready in {}s: cluster \"{}\", {} member(s), {}",
                settings.memberId(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin) / 1000.0,
                config.getClusterName(),
                instance.getCluster().getMembers().size(),
                cpMembers == 0 ? "CP unsafe mode" : "CP subsystem of " + cpMembers);
    }

    /** The member is part of the cluster: the locks are as reachable as its CP group's majority. */
    @Override
    public String outage() {
        return null;
    }

    @Override
    public String refusal() {
        return mode.refusal();
    }

    @Override
    public String clusterMode() {
        return mode.mode();
    }

    /** Graceful: Hazelcast closes this member's CP sessions first, so the locks it held are freed now. */
    @Override
    public void shutDown(HazelcastInstance instance) {
        try {
            if (instance.getLifecycleService().isRunning()) {
                instance.shutdown();
            }
        } catch (RuntimeException e) {
            log.warn("Hazelcast member did not shut down cleanly: {}", e.toString());
        } finally {
            mode.stopped(instance);
        }
    }
}
