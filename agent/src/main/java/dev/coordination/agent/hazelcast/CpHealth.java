package dev.coordination.agent.hazelcast;

import com.hazelcast.cluster.Address;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.CPMember;
import com.hazelcast.cp.internal.RaftService;
import com.hazelcast.cp.internal.raft.impl.RaftNode;
import com.hazelcast.cp.internal.session.RaftSessionService;
import com.hazelcast.instance.impl.HazelcastInstanceImpl;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import dev.coordination.agent.runtime.CpStatus;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The CP subsystem's health as this member sees it, from its own state (no remote call, so a JMX
 * reader never waits on the cluster): how many CP members the CP member list has and how many of
 * them are not in the cluster now (as Hazelcast counts missing CP members), and the CP sessions
 * open in each CP group this member belongs to. Agent jar, system class loader.
 */
final class CpHealth {

    private CpHealth() {}

    /** {@code null} for a client, and for a member without a CP subsystem (unsafe mode). */
    static CpStatus of(HazelcastInstance instance) {
        if (instance.getConfig().getCPSubsystemConfig().getCPMemberCount() == 0) {
            return null;
        }
        RaftService raft = RaftGroups.raftService(instance);
        if (raft == null) {
            return null;
        }
        Set<Address> present = new HashSet<>();
        for (Member member : instance.getCluster().getMembers()) {
            present.add(member.getAddress());
        }
        Collection<? extends CPMember> cpMembers =
                raft.getMetadataGroupManager().getActiveMembers();
        int missing = 0;
        for (CPMember cpMember : cpMembers) {
            if (!present.contains(cpMember.getAddress())) {
                missing++;
            }
        }
        RaftSessionService sessions = sessionService(instance);
        Map<String, Integer> sessionsByGroup = new TreeMap<>();
        for (RaftNode node : raft.getAllRaftNodes()) {
            sessionsByGroup.put(
                    node.getGroupId().getName(),
                    sessions.getSessionsLocally(node.getGroupId()).size());
        }
        return new CpStatus(cpMembers.size(), missing, sessionsByGroup);
    }

    /** The member's session service (a member: {@link RaftGroups#raftService} found its Raft service). */
    private static RaftSessionService sessionService(HazelcastInstance instance) {
        HazelcastInstanceImpl member = instance instanceof HazelcastInstanceProxy
                ? ((HazelcastInstanceProxy) instance).getOriginal()
                : (HazelcastInstanceImpl) instance;
        return member.node.getNodeEngine().getService(RaftSessionService.SERVICE_NAME);
    }
}
