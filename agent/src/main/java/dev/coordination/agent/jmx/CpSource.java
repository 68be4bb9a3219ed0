package dev.coordination.agent.jmx;

import dev.coordination.agent.runtime.ConsensusGroup;
import dev.coordination.agent.runtime.CpStatus;
import dev.coordination.agent.runtime.LockBackend;
import java.util.List;
import java.util.function.Supplier;

/**
 * Where the CP MBeans read the member's Raft state: an application JVM's backend, or the member
 * that {@code java -jar coordination-agent.jar member} runs. Both read local state only and never
 * block. Lives in the agent jar's loader.
 */
public interface CpSource {

    /** The CP groups this member belongs to (see {@link LockBackend#consensusGroups()}). */
    List<ConsensusGroup> consensusGroups();

    /** The CP subsystem's health, or {@code null} outside one (see {@link LockBackend#cpStatus()}). */
    CpStatus cpStatus();

    static CpSource of(LockBackend backend) {
        return of(backend::consensusGroups, backend::cpStatus);
    }

    /** A source that reads the groups and the health from these two. */
    static CpSource of(Supplier<List<ConsensusGroup>> groups, Supplier<CpStatus> status) {
        return new CpSource() {
            @Override
            public List<ConsensusGroup> consensusGroups() {
                return groups.get();
            }

            @Override
            public CpStatus cpStatus() {
                return status.get();
            }
        };
    }
}
