package dev.coordination.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The lock metrics where teams look: a {@code ScenarioApp} JVM with the agent ({@code mode=local},
 * which counts calls as any mode does) and the real Prometheus JMX exporter agent configured with
 * {@code docs/metrics/jmx-exporter.yaml}. The test scrapes {@code /metrics} on 127.0.0.1, makes
 * calls, scrapes again, and checks that the counters labelled with each method's template grew by
 * exactly the calls made.
 */
class PrometheusExporterIT {

    private static final long SECONDS = 30;
    private static final String SECTION = "CounterSections#section(String)";
    private static final String FORWARD = "PairService#forward(String, String)";
    private static final String TRY_NOW = "ExitService#tryNow(String)";
    private static final String HOLD = "Jobs#hold(String, Jobs.Job)";

    @Test
    void countersLabelledWithTheTemplateGrowByTheCallsMade() throws Exception {
        long begin = System.nanoTime();
        Path dir = AgentJvm.workDir("prometheus");
        int port = PrometheusScrape.freePort();
        try (ScenarioClient app = ScenarioClient.start(
                        "app", dir, "mode=local", List.of(PrometheusScrape.javaagent(port)))
                .awaitControlPort(SECONDS)) {
            app.ok("COUNT pm 2 1 3", SECONDS);
            app.ok("PAIRS pm-a pm-b 1 2", SECONDS);
            app.ok("TRY pm-free", SECONDS);
            Map<String, String> section = labels("{name}", SECTION);
            PrometheusScrape before =
                    PrometheusScrape.awaitSample(port, "coordination_lock_acquisitions_total", section, SECONDS);

            app.ok("COUNT pm 2 1 5", SECONDS);
            app.ok("PAIRS pm-a pm-b 1 4", SECONDS);
            app.ok("START h1 hold pm-held", SECONDS);
            assertThat(app.send("TRY pm-held", SECONDS).line).startsWith("ERR taken");
            PrometheusScrape holding = PrometheusScrape.of(port, SECONDS);
            app.ok("RELEASE h1", SECONDS);
            PrometheusScrape after = PrometheusScrape.of(port, SECONDS);
            System.out.print("PrometheusExporterIT: scraped\n" + after.lines("coordination_lock_"));

            assertThat(grew(before, after, "coordination_lock_acquisitions_total", section))
                    .as("COUNT made 5 calls")
                    .isEqualTo(5);
            Map<String, String> forward = labels("pair-{a}, pair-{b}", FORWARD);
            assertThat(grew(before, after, "coordination_lock_acquisitions_total", forward))
                    .as("PAIRS 4: 2 forward, 2 backward; a method of two templates is one series")
                    .isEqualTo(2);
            assertThat(grew(before, after, "coordination_lock_releases_total", forward))
                    .isEqualTo(2);
            Map<String, String> tryNow = labels("{name}", TRY_NOW);
            assertThat(grew(before, after, "coordination_lock_failures_total", tryNow))
                    .as("blocking=false on a held lock")
                    .isEqualTo(1);
            assertThat(grew(before, after, "coordination_lock_acquisitions_total", tryNow))
                    .isZero();
            Map<String, String> hold = labels("{name}", HOLD);
            assertThat(holding.value("coordination_lock_holders", hold)).isEqualTo(1);
            assertThat(after.value("coordination_lock_holders", hold)).isZero();
            assertThat(after.value("coordination_lock_releases_total", hold)).isEqualTo(1);
            assertThat(after.value("coordination_lock_hold_seconds_total", hold))
                    .isGreaterThanOrEqualTo(after.value("coordination_lock_hold_seconds_max", hold))
                    .isGreaterThan(0);
            for (String counter : List.of("deadlocks", "template_errors", "locks_lost", "wait_seconds")) {
                assertThat(after.value("coordination_lock_" + counter + "_total", section))
                        .as(counter)
                        .isGreaterThanOrEqualTo(0);
            }
            assertThat(after.value("coordination_lock_wait_seconds_max", section))
                    .isGreaterThanOrEqualTo(0);
            assertThat(after.value(
                            "coordination_lock_acquisitions_total",
                            labels("Coordination.getLock", "Coordination.getLock")))
                    .as("the facade's row")
                    .isGreaterThanOrEqualTo(0);
            assertThat(after.text).as("no CP subsystem in mode=local").doesNotContain("coordination_cp_");
        }
        System.out.printf("PrometheusExporterIT: %,d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
    }

    private static Map<String, String> labels(String template, String method) {
        return Map.of("template", template, "method", method);
    }

    private static long grew(PrometheusScrape before, PrometheusScrape after, String name, Map<String, String> labels) {
        return Math.round(after.value(name, labels) - before.valueOrZero(name, labels));
    }
}
