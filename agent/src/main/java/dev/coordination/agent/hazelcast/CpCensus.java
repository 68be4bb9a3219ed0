package dev.coordination.agent.hazelcast;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.cp.CPGroup;
import com.hazelcast.cp.CPGroupId;
import com.hazelcast.cp.CPMember;
import com.hazelcast.cp.CPSubsystemManagementService;
import com.hazelcast.spi.exception.TargetNotMemberException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * One look at the CP subsystem from the operator's lite member: the CP member list, which of those
 * CP members are in the cluster now and which Raft nodes each runs, the data members that are not
 * CP members (spares that can take a free seat), and the CP groups with their members. A CP
 * member's presence is asked of the members themselves ({@link LocalCpMemberTask}): a promoted
 * member's CP member UUID differs from its member UUID, and a replacement often reuses a dead
 * member's address. A member that does not answer is never taken for absent (it may be alive,
 * paused or overloaded): the census fails instead, naming it. Agent jar, system class loader.
 */
final class CpCensus {

    /** How long each member has to say whether it is a CP member. */
    static final long ANSWER_SECONDS = 10;

    final List<CPMember> cpMembers;
    final Set<UUID> present;
    /** The Raft nodes each present CP member runs, by CP member UUID, then by group name. */
    final Map<UUID, Map<String, RaftView>> raftNodes;
    /** Data members that are not CP members, by address. */
    final List<Member> spares;
    /** Data members promoting themselves now: perhaps on the CP member list already, not yet present. */
    final List<Member> promoting;
    /** The CP groups by name, with their members ({@code null} when not asked for). */
    final Map<String, CPGroup> groups;

    private CpCensus(
            List<CPMember> cpMembers,
            Map<UUID, Map<String, RaftView>> raftNodes,
            List<Member> spares,
            List<Member> promoting,
            Map<String, CPGroup> groups) {
        this.cpMembers = cpMembers;
        this.present = raftNodes.keySet();
        this.raftNodes = raftNodes;
        this.spares = spares;
        this.promoting = promoting;
        this.groups = groups;
    }

    static CpCensus take(HazelcastInstance instance, boolean withGroups, long waitSeconds) throws Exception {
        CPSubsystemManagementService cp = instance.getCPSubsystem().getCPSubsystemManagementService();
        Map<Member, Future<String>> answers = instance.getExecutorService("coordination-admin")
                .submitToMembers(new LocalCpMemberTask(), member -> !member.isLiteMember());
        Map<UUID, Map<String, RaftView>> raftNodes = new HashMap<>();
        List<Member> spares = new ArrayList<>();
        List<Member> promoting = new ArrayList<>();
        for (Map.Entry<Member, Future<String>> answer : answers.entrySet()) {
            String text = localCpMember(answer.getKey(), answer.getValue());
            if (text == null) {
                continue;
            }
            String[] lines = text.split("\n");
            if (lines[0].isEmpty() || lines[0].equals(LocalCpMemberTask.PROMOTING)) {
                (lines[0].isEmpty() ? spares : promoting).add(answer.getKey());
                continue;
            }
            Map<String, RaftView> nodes = new HashMap<>();
            for (int i = 1; i < lines.length; i++) {
                String[] fields = lines[i].split(" ");
                nodes.put(fields[0], new RaftView(fields));
            }
            raftNodes.put(UUID.fromString(lines[0]), nodes);
        }
        spares.sort((a, b) -> a.getAddress().toString().compareTo(b.getAddress().toString()));
        List<CPMember> cpMembers = new ArrayList<>(await(cp.getCPMembers(), waitSeconds));
        Map<String, CPGroup> groups = null;
        if (withGroups) {
            groups = new LinkedHashMap<>();
            for (CPGroupId id : await(cp.getCPGroupIds(), waitSeconds)) {
                groups.put(id.getName(), await(cp.getCPGroup(id.getName()), waitSeconds));
            }
        }
        return new CpCensus(cpMembers, raftNodes, spares, promoting, groups);
    }

    /** The member's answer ({@link LocalCpMemberTask#call()}), {@code null} when it has left the cluster. */
    private static String localCpMember(Member member, Future<String> answer) throws InterruptedException {
        try {
            return answer.get(ANSWER_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof MemberLeftException || e.getCause() instanceof TargetNotMemberException) {
                return null;
            }
            throw new CpAdminFailedException("member " + describe(member) + " could not say whether it is a CP member ("
                    + e.getCause() + "); it may be alive, so nothing was changed");
        } catch (TimeoutException e) {
            throw new CpAdminFailedException("member " + describe(member)
                    + " is in the cluster but did not say within " + ANSWER_SECONDS
                    + " s whether it is a CP member (paused or overloaded?); it may be alive, so nothing was"
                    + " changed: run the command again once it answers or has left the cluster");
        }
    }

    List<CPMember> missing() {
        return cpMembers.stream()
                .filter(member -> !present.contains(member.getUuid()))
                .collect(Collectors.toList());
    }

    boolean isPresent(CPMember member) {
        return present.contains(member.getUuid());
    }

    /** {@code 3 CP members (2 present, 1 MISSING: UUID ADDRESS)}. */
    String cpMemberLine() {
        List<CPMember> missing = missing();
        return cpMembers.size() + " CP members (" + (cpMembers.size() - missing.size()) + " present"
                + (missing.isEmpty() ? "" : ", " + missing.size() + " MISSING: " + describe(missing)) + ")";
    }

    /** {@code [127.0.0.1]:5703 MEMBER-ID, ...}, or {@code none}. */
    static String describeMembers(List<Member> members) {
        return members.isEmpty()
                ? "none"
                : members.stream().map(CpCensus::describe).collect(Collectors.joining(", "));
    }

    String sparesLine() {
        return describeMembers(spares);
    }

    /** The members of an ACTIVE group that are missing from it or from the cluster, or its shortfall. */
    String groupShortfall(CPGroup group, int groupSize) {
        List<CPMember> absent =
                group.members().stream().filter(member -> !isPresent(member)).collect(Collectors.toList());
        if (group.members().size() >= groupSize && absent.isEmpty()) {
            return null;
        }
        return group.members().size() + " of " + groupSize + " members"
                + (absent.isEmpty() ? "" : ", " + absent.size() + " MISSING: " + describe(absent));
    }

    /** The Raft node {@code member} runs for {@code group}, or {@code null}. */
    RaftView raftNode(CPMember member, String group) {
        Map<String, RaftView> nodes = raftNodes.get(member.getUuid());
        return nodes == null ? null : nodes.get(group);
    }

    /** The CP member with this UUID, described, or the UUID alone when it is not on the list. */
    String describe(UUID cpMember) {
        for (CPMember member : cpMembers) {
            if (member.getUuid().equals(cpMember)) {
                return member.getUuid() + " " + member.getAddress();
            }
        }
        return cpMember.toString();
    }

    static String describe(Collection<CPMember> members) {
        return members.stream()
                .map(member -> member.getUuid() + " " + member.getAddress())
                .collect(Collectors.joining(", "));
    }

    static String describe(Member member) {
        String memberId = member.getAttribute(HazelcastConfigs.MEMBER_ID_ATTRIBUTE);
        return member.getAddress() + (memberId == null ? "" : " " + memberId);
    }

    /** One member's Raft node for one CP group, as the member reported it. */
    static final class RaftView {
        final String role;
        /** The leader it follows (itself when leading), or {@code null} when it knows none. */
        final UUID leader;

        final long term;
        final long commitIndex;

        RaftView(String[] fields) {
            this.role = fields[1];
            this.leader = fields[2].equals("-") ? null : UUID.fromString(fields[2]);
            this.term = Long.parseLong(fields[3]);
            this.commitIndex = Long.parseLong(fields[4]);
        }
    }

    private static <T> T await(CompletionStage<T> stage, long seconds) throws Exception {
        return stage.toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    }
}
