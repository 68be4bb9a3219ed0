package dev.coordination.it;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Remote JMX to an app JVM, as an operator's jconsole reaches it: the JVM options that open it on
 * 127.0.0.1 only, the connection, and the wait for the agent's {@code Locks} MBean, which the agent
 * registers on a thread of its own shortly after start.
 */
final class RemoteJmx {

    static final String LOCKS = "dev.coordination:type=Locks";

    private RemoteJmx() {}

    /** The options that open remote JMX on 127.0.0.1:{@code port}, without authentication. */
    static List<String> jvmOptions(int port) {
        return List.of(
                "-Dcom.sun.management.jmxremote.port=" + port,
                "-Dcom.sun.management.jmxremote.rmi.port=" + port,
                "-Dcom.sun.management.jmxremote.host=127.0.0.1",
                "-Djava.rmi.server.hostname=127.0.0.1",
                "-Dcom.sun.management.jmxremote.authenticate=false",
                "-Dcom.sun.management.jmxremote.ssl=false",
                "-Dcom.sun.management.jmxremote.local.only=true");
    }

    static JMXConnector connect(int port) throws IOException {
        return JMXConnectorFactory.connect(
                new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi"));
    }

    /** The {@code Locks} MBean's name once {@code app} registered it, within {@code seconds}. */
    static ObjectName awaitLocks(MBeanServerConnection jvm, ScenarioClient app, long seconds) throws Exception {
        ObjectName name = new ObjectName(LOCKS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!jvm.isRegistered(name)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        LOCKS + " not registered within " + seconds + " s; the app's log:\n" + app.jvm.output());
            }
            Thread.sleep(20);
        }
        return name;
    }
}
