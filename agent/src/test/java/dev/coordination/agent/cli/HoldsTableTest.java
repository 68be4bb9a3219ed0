package dev.coordination.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coordination.agent.hazelcast.HoldAnswers.Answer;
import dev.coordination.agent.runtime.HeldName;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code locks} command's table, from the answers of several JVMs. */
class HoldsTableTest {

    private static final long NOW = Instant.parse("2026-12-02T08:00:00Z").toEpochMilli();

    private static Answer answer(String memberId, HeldName... rows) {
        return new Answer("q", memberId, List.of(rows));
    }

    private static HeldName held(String name, String holder, String thread, long secondsAgo, int waiting) {
        return new HeldName(name, holder, thread, "Jobs#hold(String, Job)", NOW - secondsAgo * 1000, waiting);
    }

    @Test
    void sortsByNameAlignsColumnsAndAddsEveryJvmsWaitingThreads() {
        List<Answer> answers = List.of(
                answer("client-b", held("volume-2", "client-b", "job-h2", 5, 0), HeldName.waitedFor("volume-1", 2)),
                answer("member-a", held("volume-1", "member-a", "job-h1", 192, 1)));

        List<String> lines = HoldsTable.render(answers, "volume-*", NOW, 2000);

        assertThat(lines)
                .containsExactly(
                        "NAME      HOLDER    THREAD  METHOD                  HELD SINCE                        WAITING",
                        "volume-1  member-a  job-h1  Jobs#hold(String, Job)  2026-12-02T07:56:48Z (3m12s ago)  3",
                        "volume-2  client-b  job-h2  Jobs#hold(String, Job)  2026-12-02T07:59:55Z (5s ago)     0",
                        "2 JVM(s) answered within 2.0 s: client-b, member-a");
    }

    @Test
    void namesOnlyWaitedForAreListedAfterTheTable() {
        List<Answer> answers = List.of(answer("member-a", HeldName.waitedFor("volume-7", 1)));

        List<String> lines = HoldsTable.render(answers, "*", NOW, 2000);

        assertThat(lines.get(0)).isEqualTo("no lock name matching \"*\" is held now");
        assertThat(lines.get(1))
                .startsWith("waited for, held by no thread under that name")
                .endsWith(" volume-7 (1)");
        assertThat(lines.get(2)).isEqualTo("1 JVM(s) answered within 2.0 s: member-a");
    }

    @Test
    void noAnswerSaysSo() {
        assertThat(HoldsTable.render(List.of(), "disk-*", NOW, 2000))
                .containsExactly("no lock name matching \"disk-*\" is held now", "0 JVM(s) answered within 2.0 s");
    }

    @Test
    void agesReadAsSecondsMinutesHoursDays() {
        assertThat(HoldsTable.age(42)).isEqualTo("42s");
        assertThat(HoldsTable.age(192)).isEqualTo("3m12s");
        assertThat(HoldsTable.age(5 * 3600 + 7 * 60 + 9)).isEqualTo("5h07m");
        assertThat(HoldsTable.age(2 * 86_400 + 3 * 3600)).isEqualTo("2d03h");
    }
}
