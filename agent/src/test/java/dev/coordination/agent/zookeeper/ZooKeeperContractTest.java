package dev.coordination.agent.zookeeper;

import dev.coordination.agent.config.AgentConfig;
import dev.coordination.agent.runtime.LockBackend;
import dev.coordination.agent.runtime.LockBackendContractTest;
import java.util.Properties;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The ZooKeeper backend against a real ZooKeeper server in this JVM, on 127.0.0.1. */
class ZooKeeperContractTest extends LockBackendContractTest {

    private TestingServer server;
    private ZooKeeperLockBackend backend;

    @BeforeAll
    void startServer() throws Exception {
        server = new TestingServer(true);
        backend = new ZooKeeperLockBackend(AgentConfig.load(
                new Properties(),
                "backend=zookeeper,session-ttl=10,heartbeat=2,zookeeper.namespace=contract,zookeeper.connect="
                        + server.getConnectString()));
        backend.start();
    }

    @AfterAll
    void stopServer() throws Exception {
        if (backend != null) {
            backend.stop();
        }
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected LockBackend backend() {
        return backend;
    }

    @Override
    protected boolean loseHoldOf(int stripe) {
        throw new UnsupportedOperationException("no stripes here");
    }

    /** Closes the backend's session at the server, as an expiry does, and waits until it noticed. */
    @Override
    protected boolean loseHoldOf(String name) throws Exception {
        Sessions.expire(backend.connection(), server.getConnectString());
        return true;
    }
}
