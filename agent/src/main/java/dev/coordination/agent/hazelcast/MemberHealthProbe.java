package dev.coordination.agent.hazelcast;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.cp.CPGroup;
import com.hazelcast.cp.CPSubsystemManagementService;
import com.hazelcast.cp.IAtomicLong;
import dev.coordination.agent.health.MemberFacts;
import dev.coordination.agent.health.MemberProbe;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What a dedicated member's health probes are answered from: its stage, its cluster, and whether
 * its CP subsystem serves, that is whether a linearizable read completes in the METADATA group (a
 * lock name's first use commits there) and in the default group (where the locks are). A group
 * without its majority answers no such read, so the read is bounded ({@link #CALL_MILLIS}); one
 * that got no answer is waited for again at the next look rather than sent again, so a member
 * without its majority has at most one health call pending. Looked at only by the health watch's
 * thread. Agent jar, system class loader.
 */
final class MemberHealthProbe implements MemberProbe {

    /** Longest wait for the CP reads of one look. */
    static final long CALL_MILLIS = 2000;

    /** The CP {@code IAtomicLong} read in the default group; never written. */
    static final String READ_NAME = "coordination-health";

    private final String cluster;
    private final int cpMemberCount;
    private final ClusterMode mode;
    private volatile HazelcastInstance instance;
    private volatile boolean shuttingDown;
    private volatile boolean stopped;
    /** The CP group being read by {@link #pending}, for the message when it does not answer. */
    private volatile String reading = CPGroup.METADATA_CP_GROUP_NAME;

    private Future<Void> pending;
    private volatile IAtomicLong read;

    MemberHealthProbe(String cluster, int cpMemberCount, ClusterMode mode) {
        this.cluster = cluster;
        this.cpMemberCount = cpMemberCount;
        this.mode = mode;
    }

    /** The member has been created and has joined its cluster: look at it from now on. */
    void watch(HazelcastInstance started) {
        started.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.SHUTTING_DOWN) {
                shuttingDown = true;
            } else if (event.getState() == LifecycleEvent.LifecycleState.SHUTDOWN) {
                stopped = true;
            }
        });
        instance = started;
    }

    @Override
    public MemberFacts look() throws InterruptedException {
        HazelcastInstance member = instance;
        if (member == null) {
            return MemberFacts.starting(cluster, cpMemberCount);
        }
        if (stopped) {
            return MemberFacts.at(MemberFacts.Stage.STOPPED, cluster, cpMemberCount);
        }
        if (shuttingDown || !member.getLifecycleService().isRunning()) {
            return MemberFacts.at(MemberFacts.Stage.SHUTTING_DOWN, cluster, cpMemberCount);
        }
        int members = 0;
        for (Member each : member.getCluster().getMembers()) {
            members += each.isLiteMember() ? 0 : 1;
        }
        if (cpMemberCount == 0) {
            return new MemberFacts(MemberFacts.Stage.RUNNING, cluster, members, 0, false, mode.refusal());
        }
        CPSubsystemManagementService cp = member.getCPSubsystem().getCPSubsystemManagementService();
        if (!cp.isDiscoveryCompleted()) {
            return new MemberFacts(MemberFacts.Stage.RUNNING, cluster, members, cpMemberCount, false, null);
        }
        return new MemberFacts(MemberFacts.Stage.RUNNING, cluster, members, cpMemberCount, true, cpProblem(member));
    }

    /** Why the CP subsystem does not serve now, or {@code null} when both reads completed. */
    private String cpProblem(HazelcastInstance member) throws InterruptedException {
        if (pending == null) {
            pending = CpCalls.start(() -> {
                readBoth(member);
                return null;
            });
        }
        try {
            pending.get(CALL_MILLIS, TimeUnit.MILLISECONDS);
            pending = null;
            return null;
        } catch (TimeoutException e) {
            return "CP group " + reading + " has no majority: no answer within " + CALL_MILLIS / 1000.0 + "s";
        } catch (ExecutionException e) {
            pending = null;
            return "CP group " + reading + " does not serve: " + shortly(e.getCause());
        }
    }

    /** A failure in one short line: Hazelcast's messages can run to several. */
    private static String shortly(Throwable failure) {
        String message =
                String.valueOf(failure.getMessage()).lines().findFirst().orElse("");
        String line = failure.getClass().getSimpleName() + ": " + message;
        return line.length() <= 200 ? line : line.substring(0, 200) + "...";
    }

    private void readBoth(HazelcastInstance member) throws Exception {
        reading = CPGroup.METADATA_CP_GROUP_NAME;
        CPSubsystemManagementService cp = member.getCPSubsystem().getCPSubsystemManagementService();
        cp.getCPGroupIds().toCompletableFuture().get();
        reading = CPGroup.DEFAULT_GROUP_NAME;
        if (read == null) {
            // The first look-up of the name commits to the METADATA group; later reads go to default only.
            read = member.getCPSubsystem().getAtomicLong(READ_NAME);
        }
        read.get();
    }
}
