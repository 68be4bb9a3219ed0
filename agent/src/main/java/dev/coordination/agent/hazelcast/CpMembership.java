package dev.coordination.agent.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.CPMember;
import com.hazelcast.cp.CPSubsystemManagementService;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the CP subsystem at its configured size. Hazelcast forms it once, from the first {@code
 * cp-member-count} members; a member that joins later stays an AP member. So when a CP member was
 * lost and removed from the CP member list (by {@code java -jar coordination-agent.jar cp
 * remove-missing}, or by Hazelcast after {@code missing-cp-member-auto-removal-seconds}), a
 * replacement JVM promotes itself while the list is short, and the CP groups are whole again.
 */
final class CpMembership {

    private static final Logger log = LoggerFactory.getLogger(CpMembership.class);
    private static final long CHECK_SECONDS = 5;

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

    /** Checks every few seconds, on a daemon thread, whether this member should join the CP subsystem. */
    static void keepFilled(HazelcastInstance instance, int cpMembers) {
        if (cpMembers == 0 || instance.getConfig().isLiteMember()) {
            return;
        }
        Thread thread = new Thread(
                () -> {
                    try {
                        while (instance.getLifecycleService().isRunning()) {
                            promoteIfShort(instance, cpMembers);
                            TimeUnit.SECONDS.sleep(CHECK_SECONDS);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "coordination-cp-membership");
        thread.setDaemon(true);
        thread.start();
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
            cp.promoteToCPMember().toCompletableFuture().get(60, TimeUnit.SECONDS);
            log.info("This member is now a CP member");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // A membership change under way, or no CP majority right now: try again later.
            log.debug("CP membership check failed: {}", e.toString());
        }
    }
}
