package dev.coordination.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Chaos runs against real JVMs with the real agent, each JVM in a network namespace of its own: on
 * Hazelcast (three embedded CP members and two client-mode JVMs) and on ZooKeeper (three servers
 * and three application JVMs), workers in every application JVM make locked calls of every shape
 * while a nemesis drawn from a printed seed partitions, kills, pauses and replaces processes, with
 * faults overlapping. Each run writes its folder (history, nemesis log, store) for the checker. See
 * {@link ChaosSettings} for the properties, and the chaos module's README for the files.
 */
class ChaosIT {

    @TestFactory
    Stream<DynamicTest> runs() {
        String unavailable = NetworkLab.unavailable();
        if (unavailable != null) {
            System.out.println("ChaosIT skipped: " + unavailable);
        }
        Assumptions.assumeTrue(unavailable == null, "ChaosIT skipped: " + unavailable);
        ChaosSettings settings = ChaosSettings.fromSystemProperties();
        System.out.printf(
                "ChaosIT: %s form, %d s of faults per run; runs: %s%n",
                settings.minutes() == 0 ? "short" : "long", settings.windowMillis() / 1000, settings.runs());
        return settings.runs().stream()
                .map(run -> DynamicTest.dynamicTest(run.backend() + "-" + run.seed(), () -> {
                    ChaosRun.Result result = ChaosRun.execute(settings, run);
                    assertThat(result.problems())
                            .as("faults the nemesis could not make or undo (replay: %s)", settings.replay(run))
                            .isEmpty();
                    assertThat(result.checked().violations())
                            .as(
                                    "the checker's verdict on %s (timeline: %s; replay: %s)%n%s",
                                    result.dir(),
                                    result.checked().timelineFile(),
                                    settings.replay(run),
                                    result.checked().report())
                            .isEmpty();
                }));
    }
}
