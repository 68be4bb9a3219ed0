package dev.coordination.agent.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * Asks a member how it sees its cluster ({@link ClusterMode#mode()}), for {@code cp status}: in CP
 * unsafe mode Hazelcast's CP management answers nothing, and whether a JVM refuses its locks
 * depends on its own {@code coordination.allow-unsafe-cluster}. Every member runs this same agent
 * jar, so the class is on all of them.
 */
final class ClusterModeTask implements Callable<String>, Serializable, HazelcastInstanceAware {

    private static final long serialVersionUID = 1L;

    private transient HazelcastInstance instance;

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.instance = hazelcastInstance;
    }

    /** @return {@code MEMBER-ID: MODE} */
    @Override
    public String call() {
        Object mode = instance.getUserContext().get(ClusterMode.USER_CONTEXT_KEY);
        int cpMembers = instance.getConfig().getCPSubsystemConfig().getCPMemberCount();
        String text = mode instanceof ClusterMode
                ? ((ClusterMode) mode).mode()
                : cpMembers > 0 ? "CP subsystem of " + cpMembers : "CP unsafe mode";
        String memberId = instance.getCluster().getLocalMember().getAttribute(HazelcastConfigs.MEMBER_ID_ATTRIBUTE);
        return (memberId == null ? "(no member id)" : memberId) + ": " + text;
    }
}
