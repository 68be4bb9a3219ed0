package dev.coordination.demo;

import java.io.IOException;
import java.util.Map;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;

/**
 * The ZooKeeper server of {@code Demo --backend zookeeper}: a real ZooKeeper (Curator's {@code
 * TestingServer}) inside the demo's JVM, listening on 127.0.0.1 only, its data in a temporary
 * directory deleted at the end. A newcomer sees the agent on ZooKeeper without installing one.
 */
final class DemoZooKeeper implements AutoCloseable {

    private final TestingServer server;

    private DemoZooKeeper(TestingServer server) {
        this.server = server;
    }

    static DemoZooKeeper start() throws Exception {
        // The server logs through the demo's SLF4J, which has no provider: no warning about that.
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        InstanceSpec spec = new InstanceSpec(
                null, -1, -1, -1, true, 1, 500, -1, Map.of("clientPortAddress", "127.0.0.1"), "127.0.0.1");
        return new DemoZooKeeper(new TestingServer(spec, true));
    }

    String connect() {
        return server.getConnectString();
    }

    /** The worker JVMs' agent arguments: the ZooKeeper backend on this server. */
    String agentArgs() {
        return "backend=zookeeper,zookeeper.connect=" + connect() + ",zookeeper.namespace=demo,session-ttl=10";
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
