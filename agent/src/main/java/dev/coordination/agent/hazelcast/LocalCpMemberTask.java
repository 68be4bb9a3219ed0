package dev.coordination.agent.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.cp.CPMember;
import com.hazelcast.cp.internal.RaftService;
import com.hazelcast.cp.internal.raft.impl.RaftEndpoint;
import com.hazelcast.cp.internal.raft.impl.RaftNode;
import com.hazelcast.cp.internal.raft.impl.RaftNodeImpl;
import com.hazelcast.cp.internal.raft.impl.state.RaftState;
import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * Asks a member which CP member it is, and which CP groups it runs a Raft node for. A promoted
 * member's CP member UUID differs from its member UUID, and a replacement often reuses a lost
 * member's address, so neither tells {@link CpAdmin} whether a CP member is still there; the
 * members themselves do. And a member added to a CP group takes part in it only once it runs a
 * Raft node for it, which it creates when the group's leader first reaches it after its
 * promotion: until then it cannot vote there. Every member runs this same agent jar, so the class
 * is on all of them.
 */
final class LocalCpMemberTask implements Callable<String>, Serializable, HazelcastInstanceAware {

    private static final long serialVersionUID = 1L;

    /** The first line of the answer of a member that is promoting itself now. */
    static final String PROMOTING = "promoting";

    private transient HazelcastInstance instance;

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.instance = hazelcastInstance;
    }

    /**
     * @return this member's CP member UUID (an empty line when it is not a CP member, {@link
     *     #PROMOTING} while it promotes itself), then one line per Raft node it runs: {@code GROUP
     *     ROLE LEADER-UUID|- TERM COMMIT-INDEX}
     */
    @Override
    public String call() {
        CPMember local =
                instance.getCPSubsystem().getCPSubsystemManagementService().getLocalCPMember();
        StringBuilder answer = new StringBuilder(
                local != null ? local.getUuid().toString() : CpMembership.isPromoting(instance) ? PROMOTING : "");
        RaftService raft = RaftGroups.raftService(instance);
        if (local != null && raft != null) {
            for (RaftNode node : raft.getAllRaftNodes()) {
                if (!(node instanceof RaftNodeImpl)) {
                    continue;
                }
                RaftState state = ((RaftNodeImpl) node).state();
                RaftEndpoint leader = node.getLeader();
                answer.append('\n')
                        .append(node.getGroupId().getName())
                        .append(' ')
                        .append(state.role())
                        .append(' ')
                        .append(leader == null ? "-" : leader.getUuid().toString())
                        .append(' ')
                        .append(state.term())
                        .append(' ')
                        .append(state.commitIndex());
            }
        }
        return answer.toString();
    }
}
