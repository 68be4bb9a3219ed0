package dev.coordination.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LostUpdateCheckTest {

    @Test
    void finalValueBelowAcceptedWritesIsALostUpdate() {
        History history = HistoryBuilder.cleanRun().value("a", 3).build();

        List<Violation> violations = new HistoryChecker().check(history);

        assertThat(violations).singleElement().satisfies(violation -> {
            assertThat(violation.property()).isEqualTo(Property.LOST_UPDATE);
            assertThat(violation.names()).containsExactly("a");
            assertThat(violation.explanation()).contains("a ended at 3", "accepted 4 writes", "1 update(s) lost");
        });
    }

    @Test
    void writeJudgedLostUpdateIsReportedWithItsWriter() {
        History history = HistoryBuilder.cleanRun()
                .write("b", 3, "app1:9", StoreVerdict.LOST_UPDATE, 7.0)
                .build();

        List<Violation> violations = new HistoryChecker().check(history);

        assertThat(violations).singleElement().satisfies(violation -> {
            assertThat(violation.property()).isEqualTo(Property.LOST_UPDATE);
            assertThat(violation.calls()).containsExactly(new CallId("app1", 9));
            assertThat(violation.jvms()).containsExactly("app1");
            assertThat(violation.fromMicros()).isEqualTo(HistoryBuilder.at(7.0));
        });
    }

    @Test
    void callToldOfALostUpdateCountsOnceWithTheStoreLine() {
        HistoryBuilder builder = HistoryBuilder.cleanRun();
        long seq = builder.nextSeq("app2");
        History history = builder.call("app2")
                .names("b")
                .fences(3L)
                .times(7.0, 7.1, 7.2, 7.3)
                .store(StoreVerdict.LOST_UPDATE)
                .add()
                .write("b", 3, "app2:" + seq, StoreVerdict.LOST_UPDATE, 7.15)
                .build();

        assertThat(new HistoryChecker().check(history))
                .singleElement()
                .extracting(Violation::property)
                .isEqualTo(Property.LOST_UPDATE);
    }

    @Test
    void callToldOfALostUpdateTheStoreDidNotLogIsReported() {
        History history = HistoryBuilder.cleanRun()
                .call("app2")
                .names("b")
                .fences(3L)
                .times(7.0, 7.1, 7.2, 7.3)
                .store(StoreVerdict.LOST_UPDATE)
                .add()
                .build();

        assertThat(new HistoryChecker().check(history)).singleElement().satisfies(violation -> {
            assertThat(violation.property()).isEqualTo(Property.LOST_UPDATE);
            assertThat(violation.explanation()).contains("store.tsv does not have that write");
        });
    }

    @Test
    void staleWritesAreNoLostUpdate() {
        History history = HistoryBuilder.cleanRun()
                .write("a", 2, "app2:1", StoreVerdict.STALE, 7.0)
                .build();

        assertThat(new HistoryChecker().check(history)).isEmpty();
    }

    @Test
    void missingFinalValueOfAWrittenNameIsReported() {
        History base = HistoryBuilder.cleanRun().build();
        History history = new History(
                base.jvms(),
                base.calls(),
                base.faults(),
                List.of(HistoryBuilder.at(5.0)),
                base.endMicros(),
                base.writes(),
                Map.of("a", 4L),
                List.of());

        assertThat(new HistoryChecker().check(history))
                .singleElement()
                .satisfies(violation ->
                        assertThat(violation.explanation()).contains("accepted 2 writes to b", "no VALUE for it"));
    }
}
