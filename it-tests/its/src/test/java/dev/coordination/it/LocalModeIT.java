package dev.coordination.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coordination.it.ScenarioClient.Reply;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code coordination.mode=local}: no Hazelcast started, the first lock served at once, the same
 * semantics inside the JVM (a held name refuses {@code blocking = false} and times out a timed call,
 * fences grow), a WARN at start, and no exclusion between two JVMs, which is what the WARN says.
 * An application JVM given {@code health-port} ignores it with a WARN.
 */
class LocalModeIT {

    private static final long SECONDS = 90;

    @Test
    void locksStayInsideTheJvmReadyAtOnceWithTheClustersSemantics() throws Exception {
        Path dir = AgentJvm.workDir("local");
        long begin = System.nanoTime();
        try (ScenarioClient one =
                ScenarioClient.start("jvm1", dir, "mode=local").awaitControlPort(SECONDS)) {
            one.ok("WARMUP local-first " + SECONDS, SECONDS + 10);
            long localMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);

            long first = one.ok("TRY local-a", 30).number("fence");
            long second = one.ok("TRY local-a", 30).number("fence");
            assertThat(second).as("fences of one name grow").isGreaterThan(first);
            assertThat(one.ok("START held hold local-b", 30).get("state")).isEqualTo("inside");
            Reply refused = one.ok("TRYNOW local-b", 30);
            assertThat(refused.get("outcome")).as(refused.line).isEqualTo("failed");
            assertThat(refused.get("bodyRan")).isEqualTo("false");
            assertThat(refused.line).contains("it was held for this name");
            Reply timed = one.ok("TIMED local-b", 30);
            assertThat(timed.get("outcome")).as(timed.line).isEqualTo("failed");
            assertThat(timed.number("millis")).as("a 2 s timeout").isBetween(1_900L, 2_400L);

            // health-port is for dedicated members only: an application JVM ignores it with a WARN.
            int healthPort = Ports.freeBlock(1);
            try (ScenarioClient two = ScenarioClient.start("jvm2", dir, "mode=local,health-port=" + healthPort)
                    .awaitControlPort(SECONDS)) {
                assertThat(two.ok("TRYNOW local-b", 30).get("outcome"))
                        .as("another JVM in local mode is not excluded")
                        .isEqualTo("ran");
                assertThat(two.jvm.output())
                        .contains("coordination.health-port=" + healthPort + " is ignored in an application JVM");
                assertThat(HealthProbe.get(healthPort, "/health/live").status())
                        .as("nothing listens on the health port")
                        .isEqualTo(-1);
            }
            assertThat(one.ok("RELEASE held", 30).get("outcome")).isEqualTo("ran");
            assertThat(one.ok("TRYNOW local-b", 30).get("outcome")).isEqualTo("ran");

            String output = one.jvm.output();
            assertThat(output)
                    .contains(" WARN ")
                    .contains("coordination.mode=local: locks are held inside this JVM only")
                    .doesNotContain("Hazelcast member");

            Path embeddedDir = AgentJvm.workDir("local-embedded");
            int port = Ports.freeBlock(1);
            long embeddedBegin = System.nanoTime();
            try (ScenarioClient embedded = ScenarioClient.start(
                            "embedded", embeddedDir, Ports.cluster("local-embedded", port, 1, ""))
                    .awaitControlPort(SECONDS)) {
                embedded.ok("WARMUP embedded-first " + SECONDS, SECONDS + 10);
                long embeddedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - embeddedBegin);
                System.out.printf(
                        "LocalModeIT: from JVM start to the first lock: local mode %,d ms, embedded member %,d ms%n",
                        localMillis, embeddedMillis);
            }
        }
    }
}
