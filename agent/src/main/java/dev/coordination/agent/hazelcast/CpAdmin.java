package dev.coordination.agent.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cluster.Member;
import com.hazelcast.cp.CPGroup;
import com.hazelcast.cp.CPGroupId;
import com.hazelcast.cp.CPMember;
import com.hazelcast.cp.CPSubsystemManagementService;
import com.hazelcast.cp.session.CPSession;
import com.hazelcast.cp.session.CPSessionManagementService;
import dev.coordination.agent.config.AgentConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar coordination-agent.jar cp ACTION}: the operator's view of the CP subsystem.
 * Joins the cluster for a moment as a lite member (never a CP member itself) with the same
 * settings as the agent, acts, and leaves. Actions: {@code status}; {@code remove-missing}
 * (removes CP members that left the cluster, so replacements can take their seats);
 * {@code close-sessions MEMBER-ID} (frees every lock a hung JVM holds, which then gets
 * {@code LockLostException} when it releases).
 */
public final class CpAdmin {

    private static final long WAIT_SECONDS = 60;

    private CpAdmin() {}

    /** Runs one action; returns the lines to print. Throws {@link IllegalArgumentException} for usage. */
    public static List<String> run(AgentConfig settings, String action, String argument) throws Exception {
        if (!List.of("status", "remove-missing", "close-sessions").contains(action)) {
            throw new IllegalArgumentException("unknown cp action \"" + action
                    + "\"; use status, remove-missing or close-sessions MEMBER-ID");
        }
        if (action.equals("close-sessions") && argument == null) {
            throw new IllegalArgumentException("cp close-sessions needs the member id of the JVM whose locks to free");
        }
        com.hazelcast.logging.Logger.newLoggerFactory("slf4j");
        Config config = HazelcastConfigs.member(settings);
        config.setInstanceName("coordination-admin-" + UUID.randomUUID());
        config.setLiteMember(true);
        HazelcastInstance instance = Hazelcast.newHazelcastInstance(config);
        try {
            CPSubsystemManagementService cp = instance.getCPSubsystem().getCPSubsystemManagementService();
            if (!cp.awaitUntilDiscoveryCompleted(WAIT_SECONDS, TimeUnit.SECONDS)) {
                return List.of("the CP subsystem of cluster \"" + config.getClusterName()
                        + "\" has not formed (is coordination.cp-member-count 0, or are CP members missing?)");
            }
            switch (action) {
                case "status": return status(instance, cp);
                case "remove-missing": return removeMissing(instance, cp);
                default: return closeSessions(instance, argument);
            }
        } finally {
            instance.shutdown();
        }
    }

    private static List<String> status(HazelcastInstance instance, CPSubsystemManagementService cp) throws Exception {
        List<String> lines = new ArrayList<>();
        Set<UUID> present = presentMembers(instance);
        lines.add("cluster \"" + instance.getConfig().getClusterName() + "\": "
                + (instance.getCluster().getMembers().size() - 1) + " members besides this admin member");
        Collection<CPMember> members = await(cp.getCPMembers());
        lines.add("CP members: " + members.size());
        for (CPMember member : members) {
            lines.add("  " + member.getUuid() + " " + member.getAddress()
                    + (present.contains(member.getUuid()) ? " present" : " MISSING"));
        }
        CPSessionManagementService sessions = instance.getCPSubsystem().getCPSessionManagementService();
        for (CPGroupId id : await(cp.getCPGroupIds())) {
            CPGroup group = await(cp.getCPGroup(id.getName()));
            lines.add("CP group " + id.getName() + ": " + group.status() + ", " + group.members().size() + " members");
            if (!id.getName().equals("METADATA")) {
                for (CPSession session : await(sessions.getAllSessions(id.getName()))) {
                    // The endpoint name is the JVM's member id (prefix + agent id): what close-sessions takes.
                    lines.add("  session " + session.id() + " of " + session.endpointName() + " ("
                            + session.endpointType() + " " + session.endpoint() + ")");
                }
            }
        }
        return lines;
    }

    private static List<String> removeMissing(HazelcastInstance instance, CPSubsystemManagementService cp)
            throws Exception {
        List<String> lines = new ArrayList<>();
        Set<UUID> present = presentMembers(instance);
        for (CPMember member : await(cp.getCPMembers())) {
            if (!present.contains(member.getUuid())) {
                await(cp.removeCPMember(member.getUuid()));
                lines.add("removed missing CP member " + member.getUuid() + " " + member.getAddress());
            }
        }
        lines.add(lines.isEmpty() ? "no CP member is missing" : "replacement members promote themselves within seconds");
        return lines;
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
                    lines.add((closed ? "closed" : "could not close") + " CP session " + session.id()
                            + " of " + memberId + " in CP group " + id.getName());
                }
            }
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("no CP session of member \"" + memberId + "\"; sessions are held by: "
                    + (seen.isEmpty() ? "nobody" : String.join(", ", seen)));
        }
        return lines;
    }

    /** The CP member UUIDs of the members in the cluster now, as each of them says. */
    private static Set<UUID> presentMembers(HazelcastInstance instance) throws Exception {
        Set<UUID> present = new HashSet<>();
        Map<Member, Future<String>> answers = instance.getExecutorService("coordination-admin")
                .submitToMembers(new LocalCpMemberTask(), member -> !member.isLiteMember());
        for (Future<String> answer : answers.values()) {
            String uuid = answer.get(WAIT_SECONDS, TimeUnit.SECONDS);
            if (!uuid.isEmpty()) {
                present.add(UUID.fromString(uuid));
            }
        }
        return present;
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
}
