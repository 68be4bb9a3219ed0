package dev.coordination.agent.local;

import dev.coordination.agent.config.AgentConfig;
import dev.coordination.agent.runtime.LockBackend;
import dev.coordination.agent.runtime.LockBackendContractTest;
import java.util.Properties;

/** Local mode keeps the locks in this JVM, with the same semantics the cluster's backend has. */
class LocalLockBackendContractTest extends LockBackendContractTest {

    private final LocalLockBackend backend = new LocalLockBackend(AgentConfig.load(new Properties(), "mode=local"));

    @Override
    protected LockBackend backend() {
        return backend;
    }

    /** A local hold has no session that could end. */
    @Override
    protected boolean loseHoldOf(int stripe) {
        return false;
    }
}
