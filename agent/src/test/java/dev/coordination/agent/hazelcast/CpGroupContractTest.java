package dev.coordination.agent.hazelcast;

import dev.coordination.agent.runtime.LockBackend;
import dev.coordination.agent.runtime.LockBackendContractTest;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A CP group of three embedded members in this JVM (Raft) behaves as a backend must; the backend
 * under test is the third member's, which may or may not lead the group.
 */
class CpGroupContractTest extends LockBackendContractTest {

    private List<HazelcastLockBackend> members;

    @BeforeAll
    void startMembers() throws Exception {
        members = Backends.start(3, "cp-member-count=3,session-ttl=10,heartbeat=1");
    }

    @AfterAll
    void stopMembers() {
        if (members != null) {
            // Terminated, not shut down: a graceful shutdown of the last members of a CP group waits
            // for the majority it is taking away (about 17 s of the build), and no test here is about
            // shutting down.
            members.forEach(
                    member -> member.startedInstance().getLifecycleService().terminate());
            members.forEach(HazelcastLockBackend::stop);
        }
    }

    @Override
    protected LockBackend backend() {
        return members.get(2);
    }

    @Override
    protected boolean loseHoldOf(int stripe) throws Exception {
        return Backends.closeSessions(members.get(2));
    }
}
