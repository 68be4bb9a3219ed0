package dev.coordination.agent.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coordination.agent.config.AgentConfig;
import dev.coordination.agent.runtime.Deadline;
import dev.coordination.agent.runtime.LockBackend;
import dev.coordination.agent.runtime.LockBackendContractTest;
import dev.coordination.agent.runtime.StripeLock;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Local mode keeps the locks in this JVM, with the same semantics the cluster's backend has. */
class LocalLockBackendContractTest extends LockBackendContractTest {

    private final LocalLockBackend backend = new LocalLockBackend(AgentConfig.load(new Properties(), "mode=local"));

    @Override
    protected LockBackend backend() {
        return backend;
    }

    /** A JVM started again (a new backend) hands out larger fences than the one before. */
    @Test
    void fencesOfTheNextRunAreLargerThanEveryFenceOfThisOne() throws Exception {
        LockBackend before = new LocalLockBackend(AgentConfig.load(new Properties(), "mode=local"));
        long last = 0;
        for (int i = 0; i < 1_000; i++) {
            last = grant(before);
        }
        LockBackend after = new LocalLockBackend(AgentConfig.load(new Properties(), "mode=local"));
        assertThat(grant(after)).isGreaterThan(last);
    }

    private static long grant(LockBackend backend) throws InterruptedException {
        StripeLock lock = backend.lock(0, 0);
        long fence = lock.acquire(Deadline.noWait(), System.nanoTime(), 0);
        lock.release();
        return fence;
    }

    /** A local hold has no session that could end. */
    @Override
    protected boolean loseHoldOf(int stripe) {
        return false;
    }
}
