package dev.coordination.agent.hazelcast;

import dev.coordination.agent.runtime.LockBackend;
import dev.coordination.agent.runtime.LockBackendContractTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** One embedded member in unsafe mode (the default for one JVM) behaves as a backend must. */
class EmbeddedMemberContractTest extends LockBackendContractTest {

    private HazelcastLockBackend backend;

    @BeforeAll
    void startMember() throws Exception {
        backend = Backends.start(1, "cp-member-count=0").get(0);
    }

    @AfterAll
    void stopMember() {
        if (backend != null) {
            backend.stop();
        }
    }

    @Override
    protected LockBackend backend() {
        return backend;
    }

    @Override
    protected boolean loseHoldOf(int stripe) throws Exception {
        return Backends.closeSessions(backend);
    }
}
