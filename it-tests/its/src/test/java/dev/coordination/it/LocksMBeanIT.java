package dev.coordination.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coordination.it.ScenarioClient.Reply;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import org.junit.jupiter.api.Test;

/**
 * The operator's view: a {@code ScenarioApp} JVM with the agent and remote JMX on a free port of
 * 127.0.0.1 runs locked calls (held, contended, refused, timed out, interrupted, with template
 * errors), and this test reads {@code dev.coordination:type=Locks} over a JMX connector, as jconsole
 * would, with none of the agent's classes: only open data.
 */
class LocksMBeanIT {

    private static final long SECONDS = 60;

    @Test
    void locksMBeanShowsWhatTheCallsDidOverRemoteJmx() throws Exception {
        Path dir = AgentJvm.workDir("jmx");
        int first = Ports.freeBlock(3);
        int jmxPort = first + 2;
        String args = Ports.cluster("jmx", first, 1, "");
        List<String> jmx = RemoteJmx.jvmOptions(jmxPort);
        try (ScenarioClient app = ScenarioClient.start("app", dir, args, jmx).awaitControlPort(SECONDS)) {
            app.ok("WARMUP jmx-warmup " + SECONDS, SECONDS + 10);
            String memberId = app.ok("PING", 10).get("memberId");
            try (JMXConnector connector = RemoteJmx.connect(jmxPort)) {
                MBeanServerConnection jvm = connector.getMBeanServerConnection();
                ObjectName locks = RemoteJmx.awaitLocks(jvm, app, SECONDS);

                // One call holds jmx-a; another waits for it; two more give up (no wait, timeout).
                long beforeHold = System.nanoTime();
                assertThat(app.ok("START h1 hold jmx-a", SECONDS).get("state")).isEqualTo("inside");
                long beforeWait = System.nanoTime();
                assertThat(app.ok("START w1 wait jmx-a", SECONDS).get("state")).isEqualTo("waiting");
                assertThat(app.send("TRY jmx-a", SECONDS).line).startsWith("ERR taken");
                Reply timed = app.ok("TIMED jmx-a", SECONDS);
                assertThat(timed.get("outcome")).isEqualTo("failed");
                long timedMillis = timed.number("millis");

                CompositeData holding = row(jvm, locks, "Jobs#hold(");
                assertThat(holding.get("holders"))
                        .as("the holder is inside: %s", holding)
                        .isEqualTo(1L);
                assertThat(holding.get("acquisitions")).isEqualTo(1L);
                assertThat(row(jvm, locks, "Jobs#take(").get("holders"))
                        .as("the waiter is not inside yet")
                        .isEqualTo(0L);
                assertThat(jvm.getAttribute(locks, "Holders")).isEqualTo(1L);

                assertThat(app.ok("RELEASE h1", SECONDS).get("outcome")).isEqualTo("ran");
                long afterRelease = System.nanoTime();
                assertThat(app.ok("JOIN w1 " + SECONDS, SECONDS + 5).get("outcome"))
                        .isEqualTo("ran");
                long afterJoin = System.nanoTime();

                // An interrupted waiter fails too.
                app.ok("START h2 hold jmx-b", SECONDS);
                assertThat(app.ok("START w2 wait jmx-b", SECONDS).get("state")).isEqualTo("waiting");
                assertThat(app.ok("INTERRUPT w2", SECONDS).get("outcome")).isEqualTo("failed");
                app.ok("RELEASE h2", SECONDS);

                // Template errors: one found when the class loaded, one at the call.
                app.ok("BAD syntax", SECONDS);
                app.ok("BAD nullParameter", SECONDS);

                CompositeData hold = row(jvm, locks, "Jobs#hold(");
                CompositeData take = row(jvm, locks, "Jobs#take(");
                CompositeData tryNow = row(jvm, locks, "ExitService#tryNow(");
                CompositeData timeout = row(jvm, locks, "TimedService#withinTwoSeconds(");
                CompositeData facade = row(jvm, locks, "Coordination.getLock");
                for (CompositeData row : List.of(hold, take, tryNow, timeout, facade)) {
                    System.out.println("LocksMBeanIT: " + summary(row));
                }

                assertThat((String[]) hold.get("templates")).containsExactly("{name}");
                assertThat(hold.get("acquisitions")).isEqualTo(2L);
                assertThat(hold.get("holders")).isEqualTo(0L);
                assertThat(hold.get("failures")).isEqualTo(0L);
                assertThat((long) hold.get("holdMillisMax"))
                        .as("h1 held jmx-a while TIMED waited %d ms for it", timedMillis)
                        .isGreaterThanOrEqualTo(timedMillis)
                        .isLessThanOrEqualTo(TimeUnit.NANOSECONDS.toMillis(afterRelease - beforeHold));
                assertThat((long) hold.get("holdMillisTotal")).isGreaterThanOrEqualTo((long) hold.get("holdMillisMax"));

                assertThat(take.get("acquisitions")).isEqualTo(1L);
                assertThat(take.get("failures")).as("w2, interrupted").isEqualTo(1L);
                assertThat(take.get("holders")).isEqualTo(0L);
                assertThat((long) take.get("waitMillisMax"))
                        .as("w1 waited for jmx-a while TIMED waited %d ms for it", timedMillis)
                        .isGreaterThanOrEqualTo(timedMillis)
                        .isLessThanOrEqualTo(TimeUnit.NANOSECONDS.toMillis(afterJoin - beforeWait))
                        .isEqualTo(take.get("waitMillisTotal"));

                assertThat(tryNow.get("failures"))
                        .as("blocking=false on a taken lock")
                        .isEqualTo(1L);
                assertThat(tryNow.get("acquisitions")).isEqualTo(0L);
                assertThat(timeout.get("failures"))
                        .as("timeout=2 on a taken lock")
                        .isEqualTo(1L);
                assertThat(timeout.get("waitMillisTotal"))
                        .as("failed calls add no wait time")
                        .isEqualTo(0L);

                CompositeData syntax = row(jvm, locks, "BadTemplates#syntax(");
                assertThat(syntax.get("templateErrors")).isEqualTo(1L);
                assertThat((String) syntax.get("loadError")).isNotEmpty();
                assertThat(row(jvm, locks, "BadTemplates#volume(").get("templateErrors"))
                        .isEqualTo(1L);

                assertThat(facade.get("acquisitions")).as("WARMUP's lock").isEqualTo(1L);
                assertThat(jvm.getAttribute(locks, "Holders")).isEqualTo(0L);
                assertThat(jvm.getAttribute(locks, "LocksLost")).isEqualTo(0L);
                assertThat(jvm.getAttribute(locks, "Failures")).isEqualTo(3L);
                assertThat(jvm.getAttribute(locks, "BackendReady")).isEqualTo(true);
                assertThat(jvm.getAttribute(locks, "BackendStatus")).isEqualTo("running");
                assertThat(jvm.getAttribute(locks, "ClusterMode")).isEqualTo("single member, CP unsafe mode");
                assertThat(jvm.getAttribute(locks, "MemberId")).isEqualTo(memberId);
            }
        }
    }

    /** {@code method: key=value ...}, without the composite type's description. */
    private static String summary(CompositeData row) {
        StringBuilder text = new StringBuilder().append(row.get("method")).append(':');
        for (String key : row.getCompositeType().keySet()) {
            if (!key.equals("method") && !key.equals("templates") && !key.equals("loadError")) {
                text.append(' ').append(key).append('=').append(row.get(key));
            }
        }
        return text.toString();
    }

    /** The row whose method starts with {@code method}; fails listing the rows there are. */
    private static CompositeData row(MBeanServerConnection jvm, ObjectName locks, String method) throws Exception {
        CompositeData[] rows = (CompositeData[]) jvm.getAttribute(locks, "Locks");
        List<Object> methods = new ArrayList<>();
        for (CompositeData row : rows) {
            if (((String) row.get("method")).startsWith(method)) {
                return row;
            }
            methods.add(row.get("method"));
        }
        throw new AssertionError("no row for " + method + " in " + RemoteJmx.LOCKS + "; rows: " + methods);
    }
}
