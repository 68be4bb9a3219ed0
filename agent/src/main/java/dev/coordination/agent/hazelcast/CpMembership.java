package dev.coordination.agent.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.CPGroupId;
import com.hazelcast.cp.CPMember;
import com.hazelcast.cp.CPSubsystemManagementService;
import com.hazelcast.cp.event.CPMembershipEvent;
import com.hazelcast.cp.event.CPMembershipListener;
import com.hazelcast.cp.internal.RaftService;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the CP subsystem at its configured size. Hazelcast forms it once, from the first {@code
 * cp-member-count} members; a member that joins later stays an AP member. So when a CP member was
 * lost and removed from the CP member list (by {@code java -jar coordination-agent.jar cp
 * remove-missing}, or by Hazelcast after {@code missing-cp-member-auto-removal-seconds}), a
 * replacement JVM promotes itself while the list is short, and the CP groups are whole again. It
 * checks as soon as a CP member is removed, and every few seconds besides (a promotion refused
 * while Hazelcast still rebalances the groups is tried again then).
 */
final class CpMembership {

    private static final Logger log = LoggerFactory.getLogger(CpMembership.class);
    private static final long CHECK_SECONDS = 5;
    /** The user-context key of the flag set while this member promotes itself ({@link #isPromoting}). */
    private static final String PROMOTING_KEY = "coordination.cp-promoting";

    private CpMembership() {}

    /**
     * Waits until a member can serve locks (with a CP subsystem: until its CP members have found
     * each other) and keeps its CP seats filled from then on.
     *
     * @return the configured CP member count ({@code 0}: unsafe mode, nothing to wait for)
     */
    static int awaitServing(HazelcastInstance instance, Consumer<String> status) throws InterruptedException {
        int cpMembers = instance.getConfig().getCPSubsystemConfig().getCPMemberCount();
        if (cpMembers > 0) {
            awaitDiscovery(instance, cpMembers, status);
            keepFilled(instance, cpMembers);
        }
        return cpMembers;
    }

    /** Waits (reporting progress) until this member knows the CP member list. */
    static void awaitDiscovery(HazelcastInstance instance, int cpMembers, Consumer<String> status)
            throws InterruptedException {
        CPSubsystemManagementService cp = instance.getCPSubsystem().getCPSubsystemManagementService();
        while (!cp.awaitUntilDiscoveryCompleted(10, TimeUnit.SECONDS)) {
            String waiting = "waiting for the CP subsystem to form: "
                    + instance.getCluster().getMembers().size()
                    + " of " + cpMembers + " CP members have joined cluster \""
                    + instance.getConfig().getClusterName() + "\"";
            status.accept(waiting);
            log.warn("Still {}", waiting);
        }
    }

    /**
     * Checks on a daemon thread, at once when a CP member was removed and every few seconds
     * besides, whether this member should join the CP subsystem.
     */
    static void keepFilled(HazelcastInstance instance, int cpMembers) {
        if (cpMembers == 0 || instance.getConfig().isLiteMember()) {
            return;
        }
        Semaphore removed = new Semaphore(0);
        instance.getCPSubsystem().addMembershipListener(new CPMembershipListener() {
            @Override
            public void memberAdded(CPMembershipEvent event) {}

            @Override
            public void memberRemoved(CPMembershipEvent event) {
                removed.release();
            }
        });
        Thread thread = new Thread(
                () -> {
                    try {
                        while (instance.getLifecycleService().isRunning()) {
                            promoteIfShort(instance, cpMembers);
                            removed.tryAcquire(CHECK_SECONDS, TimeUnit.SECONDS);
                            removed.drainPermits();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "coordination-cp-membership");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Whether this member is promoting itself now. The CP member list names it from the moment the
     * METADATA group took it in, while it knows itself as a CP member only once the CP groups took
     * it in too, a second or more later: in between it must not be taken for a missing CP member.
     */
    static boolean isPromoting(HazelcastInstance instance) {
        Object flag = instance.getUserContext().get(PROMOTING_KEY);
        return flag instanceof AtomicBoolean && ((AtomicBoolean) flag).get();
    }

    /**
     * Starts this member's Raft nodes for its CP groups now. Hazelcast starts them only when each
     * group's leader next reaches the member, and needs the METADATA group's leader to do so; until
     * then the member cannot vote in the group, so if the leader is lost in between, the group
     * cannot elect another.
     */
    private static void startRaftNodes(HazelcastInstance instance, CPSubsystemManagementService cp) throws Exception {
        RaftService raft = RaftGroups.raftService(instance);
        if (raft == null) {
            return;
        }
        for (CPGroupId group : cp.getCPGroupIds().toCompletableFuture().get(10, TimeUnit.SECONDS)) {
            raft.getOrInitRaftNode(group);
        }
    }

    private static void promoteIfShort(HazelcastInstance instance, int cpMembers) {
        try {
            CPSubsystemManagementService cp = instance.getCPSubsystem().getCPSubsystemManagementService();
            if (!cp.isDiscoveryCompleted() || cp.getLocalCPMember() != null) {
                return;
            }
            Collection<CPMember> members =
                    cp.getCPMembers().toCompletableFuture().get(10, TimeUnit.SECONDS);
            if (members.size() >= cpMembers) {
                return;
            }
            log.warn(
                    "The CP subsystem has {} of {} CP members: promoting this member ({}) to fill it",
                    members.size(),
                    cpMembers,
                    instance.getCluster().getLocalMember().getAddress());
            AtomicBoolean promoting = (AtomicBoolean)
                    instance.getUserContext().computeIfAbsent(PROMOTING_KEY, key -> new AtomicBoolean());
            promoting.set(true);
            CompletableFuture<Void> promotion;
            try {
                promotion = cp.promoteToCPMember().toCompletableFuture();
            } catch (RuntimeException e) {
                promoting.set(false);
                throw e;
            }
            // Cleared when Hazelcast is done, which may be after this thread stopped waiting.
            promotion.whenComplete((done, failed) -> promoting.set(false));
            promotion.get(60, TimeUnit.SECONDS);
            log.info("This member is now a CP member");
            startRaftNodes(instance, cp);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // A membership change under way, or no CP majority right now: try again later.
            log.debug("CP membership check failed: {}", e.toString());
        }
    }
}
