package dev.coordination.agent.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.cp.CPMember;
import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * Asks a member which CP member it is. A promoted member's CP member UUID differs from its member
 * UUID, and a replacement often reuses a lost member's address, so neither tells {@link CpAdmin}
 * whether a CP member is still there; the members themselves do. Every member runs this same
 * agent jar, so the class is on all of them.
 */
final class LocalCpMemberTask implements Callable<String>, Serializable, HazelcastInstanceAware {

    private static final long serialVersionUID = 1L;

    private transient HazelcastInstance instance;

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.instance = hazelcastInstance;
    }

    /** @return this member's CP member UUID, or an empty string when it is not a CP member */
    @Override
    public String call() {
        CPMember local =
                instance.getCPSubsystem().getCPSubsystemManagementService().getLocalCPMember();
        return local == null ? "" : local.getUuid().toString();
    }
}
