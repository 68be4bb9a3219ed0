package dev.coordination.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import org.junit.jupiter.api.Test;

/**
 * Who holds what, across the cluster: an embedded member JVM holds {@code volume-1}; a client-mode
 * JVM (a client of that member) holds {@code volume-2} and has a thread waiting for {@code
 * volume-1}. {@code java -jar coordination-agent.jar locks 'volume-*'}, run as an operator runs it,
 * lists both names with the holder's member id, thread, method, time and the waiting threads of
 * both JVMs; a narrower glob lists one; the client JVM's MBean, read over remote JMX, shows its own
 * hold the same way.
 */
class WhoHoldsIT {

    private static final long SECONDS = 60;
    private static final String METHOD = "Jobs#hold(String, Jobs.Job)";

    @Test
    void locksCommandListsHoldsOfAMemberAndAClientAndTheMBeanShowsItsOwn() throws Exception {
        long begin = System.nanoTime();
        Path dir = AgentJvm.workDir("holds");
        int first = Ports.freeBlock(2);
        int jmxPort = first + 1;
        String memberArgs = Ports.cluster("holds", first, 1, "");
        String clientArgs = Ports.cluster("holds", first, 1, "mode=client");
        List<String> jmx = RemoteJmx.jvmOptions(jmxPort);
        try (ScenarioClient member = ScenarioClient.start("member", dir, memberArgs);
                ScenarioClient client = ScenarioClient.start("client", dir, clientArgs, jmx)) {
            member.awaitControlPort(SECONDS);
            assertThat(member.ok("START h1 hold volume-1", SECONDS).get("state"))
                    .isEqualTo("inside");
            client.awaitControlPort(SECONDS);
            assertThat(client.ok("START h2 hold volume-2", SECONDS).get("state"))
                    .isEqualTo("inside");
            assertThat(client.ok("START w1 wait volume-1", SECONDS).get("state"))
                    .isEqualTo("waiting");
            String memberId = member.ok("PING", 10).get("memberId");
            String clientId = client.ok("PING", 10).get("memberId");
            long held = System.currentTimeMillis();

            String all = locks(dir, "volume-*", memberArgs);
            List<String> lines = Arrays.asList(all.split("\n"));
            assertThat(lines.get(0)).startsWith("NAME").contains("HOLDER", "THREAD", "METHOD", "HELD SINCE", "WAITING");
            assertThat(row(lines, "volume-1"))
                    .as("volume-1: held by the member, the client's thread waits; output:\n%s", all)
                    .containsExactly("volume-1", memberId, "job-h1", METHOD, "1");
            assertThat(row(lines, "volume-2"))
                    .as("volume-2: held by the client JVM; output:\n%s", all)
                    .containsExactly("volume-2", clientId, "job-h2", METHOD, "0");
            assertThat(all).contains("2 JVM(s) answered");

            String one = locks(dir, "*-2", memberArgs);
            assertThat(one).contains("volume-2").doesNotContain("volume-1  ");

            try (JMXConnector connector = RemoteJmx.connect(jmxPort)) {
                MBeanServerConnection jvm = connector.getMBeanServerConnection();
                ObjectName locks = RemoteJmx.awaitLocks(jvm, client, SECONDS);
                long asked = System.currentTimeMillis(); // the JVM reads its clock after this
                CompositeData[] holds = (CompositeData[]) jvm.getAttribute(locks, "Holds");
                assertThat(holds).as("the client JVM's own hold").hasSize(1);
                assertThat(holds[0].get("name")).isEqualTo("volume-2");
                assertThat(holds[0].get("memberId")).isEqualTo(clientId);
                assertThat(holds[0].get("thread")).isEqualTo("job-h2");
                assertThat(holds[0].get("method")).isEqualTo(METHOD);
                assertThat(holds[0].get("waiting")).isEqualTo(0);
                assertThat((Long) holds[0].get("heldMillis")).isGreaterThanOrEqualTo(asked - held);
            }
            assertThat(member.ok("RELEASE h1", SECONDS).line).contains("OK");
            assertThat(client.ok("JOIN w1 " + SECONDS, SECONDS + 5).line).contains("OK");
            assertThat(client.ok("RELEASE h2", SECONDS).line).contains("OK");
        }
        System.out.printf("WhoHoldsIT: wall time %,d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
    }

    /** The row of {@code name}: its cells, without HELD SINCE (split on two or more spaces). */
    private static List<String> row(List<String> lines, String name) {
        for (String line : lines) {
            if (line.startsWith(name + " ")) {
                String[] cells = line.split(" {2,}");
                assertThat(cells).as("cells of %s", line).hasSize(6);
                assertThat(cells[4])
                        .as("HELD SINCE of %s", line)
                        .matches("\\d{4}-\\d\\d-\\d\\dT[0-9:]+Z \\(\\d+s ago\\)");
                return List.of(cells[0], cells[1], cells[2], cells[3], cells[5]);
            }
        }
        throw new AssertionError("no row for " + name + " in:\n" + String.join("\n", lines));
    }

    /** {@code java -jar coordination-agent.jar locks GLOB SETTINGS}: its standard output (exit 0 asserted). */
    private static String locks(Path dir, String glob, String settings) throws Exception {
        String java = Paths.get(System.getProperty("it.java.home", System.getProperty("java.home")), "bin", "java")
                .toString();
        Path out = dir.resolve("locks-" + System.nanoTime() + ".log");
        Path err = dir.resolve(out.getFileName() + ".err");
        Process process = new ProcessBuilder(
                        java, "-jar", AgentJvm.agentJar().toAbsolutePath().toString(), "locks", glob, settings)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!process.waitFor(SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("locks " + glob + " did not finish within " + SECONDS + " s");
        }
        String output = Files.readString(out);
        assertThat(process.exitValue())
                .as("locks %s exit code; output:\n%s\nstderr:\n%s", glob, output, Files.readString(err))
                .isZero();
        return output;
    }
}
