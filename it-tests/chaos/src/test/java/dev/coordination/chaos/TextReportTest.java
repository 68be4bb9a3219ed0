package dev.coordination.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextReportTest {

    @Test
    void cleanRunPassesAndIsCounted() {
        History history = HistoryBuilder.cleanRun().build();

        String report = TextReport.render("run-1", history, List.of(), Limits.DEFAULTS);

        assertThat(report)
                .startsWith("Chaos run run-1: PASS (no violation)\n")
                .doesNotContain("Violations")
                .contains("JVMs: 2; app app1,app2")
                .contains("gone before the end: none")
                .contains("last heal at t+5.000s")
                .contains("Calls by shape and outcome (7 calls)")
                .contains("  blocking         6               0")
                .contains("  try              0               1")
                .contains("  pause-short       1")
                .doesNotContain("  timeout ");
    }

    @Test
    void failingRunListsEveryViolationNumbered() {
        History history =
                HistoryBuilder.cleanRun().section("app2", "a", 4, 7.0, 7.1).build();
        List<Violation> violations = new HistoryChecker().check(history);

        String report = TextReport.render("run-2", history, violations, Limits.DEFAULTS);

        assertThat(report)
                .startsWith("Chaos run run-2: FAIL (1 violation: 1 fence order)\n\nViolations\n")
                .contains("    1. fence order at t+6.000s to t+7.000s, name a, calls app1:4 app2:4\n"
                        + "       app2:4 got fence 4 for a at t+7.000s");
    }

    @Test
    void verdictCountsViolationsByProperty() {
        Violation overlap = new Violation(Property.OVERLAP, List.of("a"), List.of(), List.of(), 1, 2, "x");
        Violation bound = new Violation(Property.BOUND, List.of("a"), List.of(), List.of(), 1, 2, "y");

        assertThat(TextReport.verdict(List.of(overlap, bound, overlap)))
                .isEqualTo("FAIL (3 violations: 2 overlap, 1 bound)");
    }

    @Test
    void majoritySideSuccessAndTimeToNextHolderArePerFaultKind() {
        History history = HistoryBuilder.cleanRun().build();

        String report = TextReport.render("run-3", history, List.of(), Limits.DEFAULTS);

        // app1, the majority during the pause of app2, made one call in it: the try that was refused
        assertThat(report).contains("  pause-short         0      1   0.0%\n");
        // from the pause's start at 4 s: a next held at 6.0 s, b at 6.2 s
        assertThat(report).contains("  pause-short       1  2100.0 ms  2200.0 ms                0\n");
    }

    @Test
    void otherExceptionsAreNamed() {
        History history = HistoryBuilder.cleanRun()
                .call("app1")
                .timeout(100)
                .failed(7, 7.1)
                .outcome(Outcome.OTHER)
                .add()
                .build();

        assertThat(TextReport.render("run-5", history, List.of(), Limits.DEFAULTS))
                .contains("  other: java.lang.IllegalStateException 1\n");
    }

    @Test
    void readerNotesAreShown() {
        History base = HistoryBuilder.cleanRun().build();
        History history = new History(
                base.jvms(),
                base.calls(),
                base.faults(),
                List.of(),
                base.endMicros(),
                base.writes(),
                base.finalValues(),
                List.of("history-app2.tsv line 9: passed over"));

        assertThat(TextReport.render("run-4", history, List.of(), Limits.DEFAULTS))
                .contains("no heal")
                .endsWith("Notes\n  - history-app2.tsv line 9: passed over\n");
    }
}
