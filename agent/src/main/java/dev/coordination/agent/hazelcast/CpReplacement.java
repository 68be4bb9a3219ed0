package dev.coordination.agent.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.CPGroup;
import com.hazelcast.cp.CPGroup.CPGroupStatus;
import com.hazelcast.cp.CPMember;
import com.hazelcast.cp.CPSubsystemManagementService;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * {@code cp remove-missing}: dead CP members out, replacements in, every CP group whole again,
 * each step checked. Hazelcast does this in steps that finish on their own time: removing a CP
 * member first takes it out of every CP group, and only then off the CP member list; a replacement
 * can take the seat only after that (its promotion is refused while a membership change runs, and
 * while a dead member with its address is listed); and a promoted member, listed as soon as the
 * groups took it in, starts its Raft node for a group only when that group's leader next reaches
 * it, asking the METADATA group's leader how. Until then it cannot vote there. If the survivor that
 * leads the METADATA group is lost in that window, the replacement can never start its nodes, the
 * other survivor can never be elected, and the CP groups are lost for good, although the CP member
 * list shows every member present. So the command waits for each step in turn, up to the
 * replacement running a caught-up Raft node in every group, prints what it saw, and fails with one
 * line naming the step that did not complete within {@link #WAIT_SECONDS}. It removes nothing
 * unless a spare data member is there to take each free seat, no majority is missing, and every
 * member in the cluster has answered. Agent jar, system class loader.
 */
final class CpReplacement {

    /** The whole procedure's bound; the replacement promotes itself within seconds of the removal. */
    static final long WAIT_SECONDS = 90;

    private static final long POLL_MILLIS = 250;

    private final HazelcastInstance instance;
    private final CPSubsystemManagementService cp;
    private final Consumer<String> out;
    private final int cpMemberCount;
    private final int groupSize;
    private final long begin = System.nanoTime();
    private final long deadline = begin + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);

    CpReplacement(HazelcastInstance instance, Consumer<String> out) {
        this.instance = instance;
        this.cp = instance.getCPSubsystem().getCPSubsystemManagementService();
        this.out = out;
        this.cpMemberCount = instance.getConfig().getCPSubsystemConfig().getCPMemberCount();
        this.groupSize = instance.getConfig().getCPSubsystemConfig().getGroupSize();
    }

    void run() throws Exception {
        CpCensus census = settledCensus();
        List<CPMember> missing = census.missing();
        int seats = missing.size() + Math.max(0, cpMemberCount - census.cpMembers.size());
        out.accept("seen: " + census.cpMemberLine() + " of " + cpMemberCount + " configured; data members that"
                + " are not CP members: " + census.sparesLine());
        if (seats > 0) {
            checkSafe(census, missing, seats);
            for (CPMember dead : missing) {
                remove(dead);
            }
            awaitSeatsTaken(census);
        }
        awaitGroupsWhole();
        out.accept("done in " + seconds(begin) + ": " + cpMemberCount + " CP members present, every CP group has its "
                + groupSize + " members" + (seats == 0 ? " (no CP member was missing)" : ""));
    }

    /**
     * A census taken while no member promotes itself: a member being promoted may be on the CP member
     * list before it knows itself as a CP member, and must not be taken for a missing one.
     */
    private CpCensus settledCensus() throws Exception {
        CpCensus census = census(false);
        if (!census.promoting.isEmpty()) {
            out.accept("waiting: member(s) " + CpCensus.describeMembers(census.promoting) + " promoting themselves");
            do {
                if (!pause()) {
                    throw failure("member(s) " + CpCensus.describeMembers(census.promoting)
                            + " kept promoting themselves; nothing was removed");
                }
                census = census(false);
            } while (!census.promoting.isEmpty());
        }
        return census;
    }

    /** Refuses (nothing removed yet) when removing would not lead to whole CP groups. */
    private void checkSafe(CpCensus census, List<CPMember> missing, int seats) {
        if (!missing.isEmpty() && 2 * missing.size() >= census.cpMembers.size()) {
            throw new CpAdminFailedException(missing.size() + " of " + census.cpMembers.size()
                    + " CP members are missing, no majority is left to remove them: the CP state is lost; restart"
                    + " every JVM of the cluster (see \"The majority is gone for good\" in the operations guide);"
                    + " nothing was removed");
        }
        if (census.spares.size() < seats) {
            throw new CpAdminFailedException(seats + " CP seat(s) to fill (" + missing.size() + " CP member(s)"
                    + " missing), but " + census.spares.size() + " data member(s) that are not CP members are in"
                    + " the cluster to take them: start a replacement JVM for each (an application JVM with the"
                    + " agent, or java -jar coordination-agent.jar member) with coordination.cp-member-count="
                    + cpMemberCount + ", then run cp remove-missing again; nothing was removed");
        }
    }

    private void remove(CPMember dead) throws Exception {
        long start = System.nanoTime();
        try {
            cp.removeCPMember(dead.getUuid())
                    .toCompletableFuture()
                    .get(Math.max(1, deadline - start), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw failure("removing missing CP member " + dead.getUuid() + " " + dead.getAddress()
                    + " did not complete (its CP groups must change membership first, which needs their majority)");
        }
        out.accept("removed missing CP member " + dead.getUuid() + " " + dead.getAddress()
                + " from its CP groups and the CP member list in " + seconds(start));
    }

    /** Waits until the CP member list is full again and every CP member on it is present. */
    private void awaitSeatsTaken(CpCensus before) throws Exception {
        long start = System.nanoTime();
        Set<UUID> known = new HashSet<>();
        before.cpMembers.forEach(member -> known.add(member.getUuid()));
        CpCensus census;
        do {
            census = census(false);
            for (CPMember member : census.cpMembers) {
                if (known.add(member.getUuid())) {
                    out.accept("CP member " + member.getUuid() + " " + member.getAddress() + " took a free seat ("
                            + seconds(start) + ")");
                }
            }
            if (census.cpMembers.size() >= cpMemberCount && census.missing().isEmpty()) {
                return;
            }
        } while (pause());
        throw failure("no replacement took the free CP seat(s): " + census.cpMemberLine() + " of " + cpMemberCount
                + "; data members that are not CP members: " + census.sparesLine() + ". A replacement promotes"
                + " itself when it runs the agent with coordination.cp-member-count=" + cpMemberCount
                + " (its log says \"promoting this member\"); read its log");
    }

    /**
     * Waits until every active CP group has its size again, all of its members present, each running
     * the group's Raft node under one leader and term, caught up to where the leader was when the
     * group first looked whole (past the entry that added the replacement, so the replacement knows it
     * is a member and can vote).
     */
    private void awaitGroupsWhole() throws Exception {
        long start = System.nanoTime();
        Map<String, Long> floors = new HashMap<>();
        Set<String> whole = new HashSet<>();
        String notYet;
        do {
            CpCensus census = census(true);
            notYet = null;
            for (Map.Entry<String, CPGroup> entry : census.groups.entrySet()) {
                CPGroup group = entry.getValue();
                if (group.status() != CPGroupStatus.ACTIVE || whole.contains(entry.getKey())) {
                    continue;
                }
                String lacking = lacking(census, entry.getKey(), group, floors);
                if (lacking != null) {
                    notYet = notYet == null ? "CP group " + entry.getKey() + ": " + lacking : notYet;
                } else {
                    whole.add(entry.getKey());
                    CpCensus.RaftView leader = leaderNode(census, entry.getKey(), group);
                    out.accept("CP group " + entry.getKey() + ": "
                            + group.members().size() + " members, all present,"
                            + " each running its Raft node under leader " + census.describe(leader.leader) + " (term "
                            + leader.term + ", commit index " + leader.commitIndex + ") (" + seconds(start) + ")");
                }
            }
            if (notYet == null) {
                return;
            }
        } while (pause());
        throw failure(notYet + "; until it has, losing one more member would cost the group its majority (cp status"
                + " shows the groups)");
    }

    /** What {@code group} still lacks, or {@code null} when it is whole. */
    private String lacking(CpCensus census, String name, CPGroup group, Map<String, Long> floors) {
        String shortfall = census.groupShortfall(group, groupSize);
        if (shortfall != null) {
            return "has " + shortfall + "; the replacement has not joined it yet";
        }
        CpCensus.RaftView leader = leaderNode(census, name, group);
        if (leader == null) {
            return "has no leader that its members agree on";
        }
        Long floor = floors.putIfAbsent(name, leader.commitIndex);
        for (CPMember member : group.members()) {
            CpCensus.RaftView node = census.raftNode(member, name);
            String who = "member " + member.getUuid() + " " + member.getAddress();
            if (node == null) {
                return who + " runs no Raft node for it yet, so it cannot vote there";
            }
            if (!leader.leader.equals(node.leader) || node.term != leader.term) {
                return who + " does not follow its leader " + census.describe(leader.leader) + " (term " + leader.term
                        + ") yet";
            }
            if (floor == null || node.commitIndex < floor) {
                return who + " is at commit index " + node.commitIndex + ", behind "
                        + (floor == null ? leader.commitIndex : floor) + " where the group looked whole";
            }
        }
        return null;
    }

    /** The node of the member that leads {@code group}, as that member says, or {@code null}. */
    private static CpCensus.RaftView leaderNode(CpCensus census, String name, CPGroup group) {
        for (CPMember member : group.members()) {
            CpCensus.RaftView node = census.raftNode(member, name);
            if (node != null && node.role.equals("LEADER") && member.getUuid().equals(node.leader)) {
                return node;
            }
        }
        return null;
    }

    private CpCensus census(boolean withGroups) throws Exception {
        long left = TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime());
        return CpCensus.take(instance, withGroups, Math.max(1, left));
    }

    /** Waits one polling interval; false once the bound is reached. */
    private boolean pause() throws InterruptedException {
        if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS) >= deadline) {
            return false;
        }
        TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
        return true;
    }

    private CpAdminFailedException failure(String what) {
        return new CpAdminFailedException(
                "cp remove-missing gave up after " + seconds(begin) + " (bound " + WAIT_SECONDS + " s): " + what);
    }

    private static String seconds(long since) {
        return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - since) / (double) TimeUnit.SECONDS.toNanos(1));
    }
}
