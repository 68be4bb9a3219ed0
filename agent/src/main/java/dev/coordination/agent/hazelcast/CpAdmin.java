package dev.coordination.agent.hazelcast;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.CPGroup;
import com.hazelcast.cp.CPGroupId;
import com.hazelcast.cp.CPMember;
import com.hazelcast.cp.CPSubsystemManagementService;
import com.hazelcast.cp.session.CPSession;
import com.hazelcast.cp.session.CPSessionManagementService;
import dev.coordination.agent.config.AgentConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * {@code java -jar coordination-agent.jar cp ACTION}: the operator's view of the CP subsystem.
 * Joins the cluster for a moment as a lite member (never a CP member itself, and not counted by
 * {@link ClusterMode}) with the same settings as the agent, acts, and leaves. Actions: {@code
 * status} (each member's mode, then the CP members, groups and sessions); {@code remove-missing}
 * (replaces CP members that left the cluster with spare data members, and waits until every CP
 * group is whole again: {@link CpReplacement}); {@code close-sessions MEMBER-ID} (frees every lock a hung JVM holds, which then gets
 * {@code LockLostException} when it releases). In CP unsafe mode Hazelcast's CP management is not
 * available: {@code status} shows the members' modes only, and the other actions are refused.
 */
public final class CpAdmin {

    private static final long WAIT_SECONDS = 60;
    /** A member that does not say its mode within this long is listed as not answering. */
    private static final long MODE_WAIT_SECONDS = 10;

    private CpAdmin() {}

    /**
     * Runs one action, handing each line to print to {@code out} as soon as it is known. Throws
     * {@link IllegalArgumentException} for usage, {@link CpAdminFailedException} when the action could
     * not be done.
     */
    public static void run(AgentConfig settings, String action, String argument, Consumer<String> out)
            throws Exception {
        if (!List.of("status", "remove-missing", "close-sessions").contains(action)) {
            throw new IllegalArgumentException(
                    "unknown cp action \"" + action + "\"; use status, remove-missing or close-sessions MEMBER-ID");
        }
        if (action.equals("close-sessions") && argument == null) {
            throw new IllegalArgumentException("cp close-sessions needs the member id of the JVM whose locks to free");
        }
        com.hazelcast.logging.Logger.newLoggerFactory("slf4j");
        Config config = HazelcastConfigs.member(settings);
        boolean unsafeMode = config.getCPSubsystemConfig().getCPMemberCount() == 0;
        if (unsafeMode && !action.equals("status")) {
            throw new CpUnavailableException("cp " + action + " needs a CP subsystem, and this command runs in CP"
                    + " unsafe mode (coordination.cp-member-count=0), where Hazelcast's CP management is not"
                    + " available; give it the members' settings (cp-member-count=3 or more), or see each"
                    + " member's mode with cp status");
        }
        config.setInstanceName("coordination-admin-" + UUID.randomUUID());
        config.setLiteMember(true);
        HazelcastInstance instance = Hazelcast.newHazelcastInstance(config);
        try {
            if (unsafeMode) {
                unsafeStatus(instance).forEach(out);
                return;
            }
            CPSubsystemManagementService cp = instance.getCPSubsystem().getCPSubsystemManagementService();
            if (!cp.awaitUntilDiscoveryCompleted(WAIT_SECONDS, TimeUnit.SECONDS)) {
                String notFormed = "the CP subsystem of cluster \"" + config.getClusterName()
                        + "\" has not formed (is coordination.cp-member-count 0, or are CP members missing?)";
                if (!action.equals("status")) {
                    throw new CpAdminFailedException(notFormed + "; cp " + action + " did nothing");
                }
                out.accept(notFormed);
                return;
            }
            switch (action) {
                case "status":
                    status(instance).forEach(out);
                    break;
                case "remove-missing":
                    new CpReplacement(instance, out).run();
                    break;
                default:
                    closeSessions(instance, argument).forEach(out);
            }
        } finally {
            instance.shutdown();
        }
    }

    private static List<String> status(HazelcastInstance instance) throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add(clusterLine(instance));
        lines.addAll(memberModes(instance));
        CpCensus census = CpCensus.take(instance, true, WAIT_SECONDS);
        lines.add("CP members: " + census.cpMembers.size());
        for (CPMember member : census.cpMembers) {
            lines.add("  " + member.getUuid() + " " + member.getAddress()
                    + (census.isPresent(member) ? " present" : " MISSING"));
        }
        if (!census.promoting.isEmpty()) {
            // Listed by the METADATA group before they know themselves as CP members.
            lines.add("  promoting themselves now: " + CpCensus.describeMembers(census.promoting));
        }
        CPSessionManagementService sessions = instance.getCPSubsystem().getCPSessionManagementService();
        for (Map.Entry<String, CPGroup> entry : census.groups.entrySet()) {
            CPGroup group = entry.getValue();
            long absent = group.members().stream()
                    .filter(member -> !census.isPresent(member))
                    .count();
            // A group short of members, or with members gone, is one loss closer to losing its majority.
            lines.add("CP group " + entry.getKey() + ": " + group.status() + ", "
                    + group.members().size() + " members" + (absent == 0 ? "" : " (" + absent + " MISSING)"));
            if (!entry.getKey().equals("METADATA")) {
                for (CPSession session : await(sessions.getAllSessions(entry.getKey()))) {
                    // The endpoint name is the JVM's member id (prefix + agent id): what close-sessions takes.
                    lines.add("  session " + session.id() + " of " + session.endpointName() + " ("
                            + session.endpointType() + " " + session.endpoint() + ")");
                }
            }
        }
        return lines;
    }

    /** Without a CP subsystem: what each member makes of its cluster (whether it refuses its locks). */
    private static List<String> unsafeStatus(HazelcastInstance instance) {
        List<String> lines = new ArrayList<>();
        lines.add(clusterLine(instance));
        List<String> modes = memberModes(instance);
        lines.addAll(modes);
        boolean membersRunCp = modes.stream().anyMatch(line -> line.contains(": CP subsystem of "));
        lines.add(
                membersRunCp
                        ? "this command ran in CP unsafe mode (coordination.cp-member-count=0), but the members run a CP"
                                + " subsystem: give it their settings to list CP members, groups and sessions"
                        : "CP unsafe mode (coordination.cp-member-count=0, no Raft): no CP members, groups or sessions"
                                + " to list");
        return lines;
    }

    private static String clusterLine(HazelcastInstance instance) {
        return "cluster \"" + instance.getConfig().getClusterName() + "\": "
                + (instance.getCluster().getMembers().size() - 1) + " members besides this admin member";
    }

    /** {@code   member ADDRESS MEMBER-ID: MODE} for each data member, as the member itself says. */
    private static List<String> memberModes(HazelcastInstance instance) {
        Map<Member, Future<String>> answers = instance.getExecutorService("coordination-admin")
                .submitToMembers(new ClusterModeTask(), member -> !member.isLiteMember());
        Map<String, String> lines = new TreeMap<>();
        for (Map.Entry<Member, Future<String>> answer : answers.entrySet()) {
            String address = answer.getKey().getAddress().toString();
            String mode;
            try {
                mode = answer.getValue().get(MODE_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                mode = "no answer (interrupted)";
            } catch (ExecutionException | TimeoutException e) {
                mode = "no answer within " + MODE_WAIT_SECONDS + " s (" + (e.getCause() == null ? e : e.getCause())
                        + ")";
            }
            lines.put(address, "  member " + address + " " + mode);
        }
        return new ArrayList<>(lines.values());
    }

    private static List<String> closeSessions(HazelcastInstance instance, String memberId) throws Exception {
        CPSubsystemManagementService cp = instance.getCPSubsystem().getCPSubsystemManagementService();
        CPSessionManagementService sessions = instance.getCPSubsystem().getCPSessionManagementService();
        List<String> lines = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (CPGroupId id : await(cp.getCPGroupIds())) {
            if (id.getName().equals("METADATA")) {
                continue;
            }
            for (CPSession session : await(sessions.getAllSessions(id.getName()))) {
                seen.add(session.endpointName());
                if (memberId.equals(session.endpointName())) {
                    boolean closed = await(sessions.forceCloseSession(id.getName(), session.id()));
                    lines.add((closed ? "closed" : "could not close") + " CP session " + session.id() + " of "
                            + memberId + " in CP group " + id.getName());
                }
            }
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("no CP session of member \"" + memberId + "\"; sessions are held by: "
                    + (seen.isEmpty() ? "nobody" : String.join(", ", seen)));
        }
        return lines;
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
}
