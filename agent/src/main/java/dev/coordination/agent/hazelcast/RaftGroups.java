package dev.coordination.agent.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.CPMember;
import com.hazelcast.cp.internal.RaftService;
import com.hazelcast.cp.internal.raft.impl.RaftEndpoint;
import com.hazelcast.cp.internal.raft.impl.RaftNode;
import com.hazelcast.cp.internal.raft.impl.RaftNodeImpl;
import com.hazelcast.cp.internal.raft.impl.state.RaftState;
import com.hazelcast.instance.impl.HazelcastInstanceImpl;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import dev.coordination.agent.runtime.ConsensusGroup;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The CP groups this member takes part in, read from its own Raft nodes (no remote call): what the
 * public API does not tell (who leads a group now, in which term). Only members have Raft nodes;
 * a client, or a member outside the CP subsystem, sees none. Agent jar, system class loader.
 */
final class RaftGroups {

    private RaftGroups() {}

    /** This member's Raft service, or {@code null} for a client. */
    static RaftService raftService(HazelcastInstance instance) {
        HazelcastInstanceImpl member = instance instanceof HazelcastInstanceProxy
                ? ((HazelcastInstanceProxy) instance).getOriginal()
                : instance instanceof HazelcastInstanceImpl ? (HazelcastInstanceImpl) instance : null;
        return member == null ? null : member.node.getNodeEngine().getService(RaftService.SERVICE_NAME);
    }

    static List<ConsensusGroup> of(HazelcastInstance instance) {
        RaftService raft = raftService(instance);
        List<ConsensusGroup> groups = new ArrayList<>();
        if (raft == null) {
            return groups;
        }
        for (RaftNode node : raft.getAllRaftNodes()) {
            if (!(node instanceof RaftNodeImpl)) {
                continue;
            }
            RaftState state = ((RaftNodeImpl) node).state();
            RaftEndpoint leader = node.getLeader();
            CPMember leaderMember = leader == null ? null : member(raft, leader.getUuid());
            groups.add(new ConsensusGroup(
                    node.getGroupId().getName(),
                    leaderMember == null
                            ? ""
                            : leaderMember.getAddress().getHost() + ":"
                                    + leaderMember.getAddress().getPort(),
                    state.role().name().toLowerCase(Locale.ROOT),
                    state.term(),
                    state.commitIndex(),
                    state.log().snapshotIndex(),
                    state.log().lastLogOrSnapshotIndex() - state.log().snapshotIndex()));
        }
        groups.sort(Comparator.comparing(ConsensusGroup::name));
        return groups;
    }

    /**
     * The CP member with this id: from the members calls are routed to, or else from the CP members
     * the metadata group knows (a member that merged back after a split can know its group's leader
     * before its routing table lists it again).
     */
    private static CPMember member(RaftService raft, UUID id) {
        CPMember routed = raft.getInvocationManager().getRaftInvocationContext().getCPMember(id);
        if (routed != null) {
            return routed;
        }
        for (CPMember known : raft.getMetadataGroupManager().getActiveMembers()) {
            if (known.getUuid().equals(id)) {
                return known;
            }
        }
        return null;
    }
}
