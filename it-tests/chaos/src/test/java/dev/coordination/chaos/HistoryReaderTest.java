package dev.coordination.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryReaderTest {

    @TempDir
    Path folder;

    @Test
    void readsBackEverythingARunWrote() throws IOException {
        History written = HistoryBuilder.cleanRun()
                .jvm("member1", JvmRole.MEMBER, 0, 1)
                .fault("f2", FaultKind.ISOLATE, "member1", 8, -1, "-")
                .call("app2")
                .timeout(250)
                .failed(9, 9.25)
                .outcome(Outcome.OTHER)
                .add()
                .gone("app2", 21)
                .build();
        HistoryBuilder.write(written, folder);

        History read = HistoryReader.read(folder);

        assertThat(read.calls()).isEqualTo(written.calls());
        assertThat(read.jvms()).isEqualTo(written.jvms());
        assertThat(read.faults()).isEqualTo(written.faults());
        assertThat(read.writes()).isEqualTo(written.writes());
        assertThat(read.finalValues()).isEqualTo(written.finalValues());
        assertThat(read.lastHealMicros()).isEqualTo(HistoryBuilder.at(5));
        assertThat(read.endMicros()).isEqualTo(HistoryBuilder.at(20));
        assertThat(read.call(new CallId("app2", 4)).outcomeText()).isEqualTo("other:java.lang.IllegalStateException");
        assertThat(read.notes()).isEmpty();
    }

    @Test
    void malformedLineIsReportedWithItsFileAndLine() throws IOException {
        HistoryBuilder.cleanRun().writeTo(folder);
        append("history-app1.tsv", "CALL\tapp1\tw1\t9\t-\tblocking\t-\ta\t-\tsoon\t-\t-\t-\t-\t-\n");

        assertThatThrownBy(() -> HistoryReader.read(folder))
                .isInstanceOfSatisfying(HistoryFormatException.class, error -> {
                    assertThat(error.file()).isEqualTo("history-app1.tsv");
                    assertThat(error.line()).isEqualTo(5);
                })
                .hasMessageStartingWith("history-app1.tsv line 5: startMicros 'soon' is not a whole number: CALL app1");
    }

    @Test
    void lineWithTooFewFieldsSaysWhichFieldsItNeeds() throws IOException {
        HistoryBuilder.cleanRun().writeTo(folder);
        append("nemesis.tsv", "GONE\tapp1\n");

        assertThatThrownBy(() -> HistoryReader.read(folder))
                .hasMessageContaining(
                        "nemesis.tsv line 6: GONE needs 2 tab-separated fields after it (jvm micros)," + " found 1");
    }

    @Test
    void unknownLineKindIsAnError() throws IOException {
        HistoryBuilder.cleanRun().writeTo(folder);
        append("store.tsv", "READ\ta\n");

        assertThatThrownBy(() -> HistoryReader.read(folder))
                .hasMessageContaining(
                        "store.tsv line 9: unknown line kind 'READ' (store.tsv has WRITE and VALUE lines)");
    }

    @Test
    void unknownWordOfAnEnumeratedFieldListsTheKnownOnes() throws IOException {
        HistoryBuilder.cleanRun().writeTo(folder);
        append("nemesis.tsv", "FAULT\tf9\tmeteor\tapp1\t1\t2\tapp2\tboom\n");

        assertThatThrownBy(() -> HistoryReader.read(folder))
                .hasMessageContaining("nemesis.tsv line 6: kind 'meteor' is none of isolate, halves,");
    }

    @Test
    void referenceToAJvmWithoutItsLineIsAnError() throws IOException {
        HistoryBuilder.cleanRun().writeTo(folder);
        append("nemesis.tsv", "GONE\tapp7\t" + HistoryBuilder.at(9) + "\n");

        assertThatThrownBy(() -> HistoryReader.read(folder))
                .hasMessageContaining("nemesis.tsv line 6: JVM app7 has no JVM line");
    }

    @Test
    void historyOfAnUnlistedJvmIsAnError() throws IOException {
        HistoryBuilder.cleanRun().writeTo(folder);
        Files.writeString(folder.resolve("history-app9.tsv"), "");

        assertThatThrownBy(() -> HistoryReader.read(folder))
                .isInstanceOf(HistoryFormatException.class)
                .hasMessage("history-app9.tsv: JVM app9 has no JVM line in nemesis.tsv");
    }

    @Test
    void missingFileIsNamed() throws IOException {
        HistoryBuilder.cleanRun().writeTo(folder);
        Files.delete(folder.resolve("store.tsv"));

        assertThatThrownBy(() -> HistoryReader.read(folder))
                .isInstanceOf(HistoryFormatException.class)
                .hasMessageStartingWith("store.tsv: missing from ");
    }

    @Test
    void callWhoseFencesDoNotMatchItsNamesIsAnError() throws IOException {
        HistoryBuilder.cleanRun().writeTo(folder);
        append("history-app2.tsv", "CALL\tapp2\tw1\t9\t-\ttwo\t-\ta,b\t7\t1\t2\t3\t4\treturned\t-\n");

        assertThatThrownBy(() -> HistoryReader.read(folder))
                .hasMessageContaining("history-app2.tsv line 4: 1 fences for 2 names");
    }

    @Test
    void callLineOfAnotherJvmIsAnError() throws IOException {
        HistoryBuilder.cleanRun().writeTo(folder);
        append("history-app2.tsv", "CALL\tapp1\tw1\t9\t-\tblocking\t-\ta\t-\t1\t-\t-\t2\tacquire-failed\t-\n");

        assertThatThrownBy(() -> HistoryReader.read(folder))
                .hasMessageContaining("history-app2.tsv line 4: jvm 'app1' in the history of app2");
    }

    @Test
    void unfinishedLastLineOfAKilledWriterIsPassedOverWithANote() throws IOException {
        HistoryBuilder.cleanRun().writeTo(folder);
        append("history-app2.tsv", "CALL\tapp2\tw1\t4\t-\tblo");

        History history = HistoryReader.read(folder);

        assertThat(history.calls()).hasSize(7);
        assertThat(history.notes())
                .singleElement()
                .asString()
                .startsWith("history-app2.tsv line 4: CALL needs 14")
                .endsWith("its writer stopped while writing it; passed over)");
    }

    @Test
    void lastLineOfACallIsTheCall() throws IOException {
        HistoryBuilder.cleanRun().writeTo(folder);
        long start = HistoryBuilder.at(7);
        append(
                "history-app2.tsv",
                "CALL\tapp2\tw1\t4\t-\tblocking\t-\tb\t-\t" + start + "\t-\t-\t-\t-\t-\n",
                "CALL\tapp2\tw1\t4\t-\tblocking\t-\tb\t3\t" + start + "\t" + (start + 10) + "\t-\t-\t-\t-\n",
                "CALL\tapp2\tw1\t4\t-\tblocking\t-\tb\t3\t" + start + "\t" + (start + 10) + "\t" + (start + 20) + "\t"
                        + (start + 30) + "\treturned\taccepted\n");

        Call call = HistoryReader.read(folder).call(new CallId("app2", 4));

        assertThat(call.outcome()).isEqualTo(Outcome.RETURNED);
        assertThat(call.endMicros()).isEqualTo(start + 30);
        assertThat(call.store()).containsExactly(StoreVerdict.ACCEPTED);
    }

    @Test
    void seqWrittenForTwoCallsIsAnError() throws IOException {
        HistoryBuilder.cleanRun().writeTo(folder);
        append("history-app2.tsv", "CALL\tapp2\tw2\t1\t-\tblocking\t-\tb\t-\t7\t-\t-\t-\t-\t-\n");

        assertThatThrownBy(() -> HistoryReader.read(folder))
                .hasMessageContaining("history-app2.tsv line 4: seq 1 was written at line 1 for another call");
    }

    @Test
    void secondLineForOneJvmIsAnError() throws IOException {
        HistoryBuilder.cleanRun().writeTo(folder);
        append("nemesis.tsv", "JVM\tapp1\tapp\th\t1\t2\n");

        assertThatThrownBy(() -> HistoryReader.read(folder))
                .hasMessageContaining("nemesis.tsv line 6: JVM app1 is already listed at line 1 (a JVM started again"
                        + " takes a new name)");
    }

    @Test
    void blankLinesAndCommentsAreSkipped() throws IOException {
        HistoryBuilder.cleanRun().writeTo(folder);
        append("nemesis.tsv", "\n# the nemesis stopped here\n");

        assertThat(HistoryReader.read(folder).faults()).hasSize(1);
    }

    @Test
    void runWithoutEndEndsAtTheLastTimeItRecordedBeforeJvmsWereStopped() throws IOException {
        new HistoryBuilder()
                .jvm("app1")
                .section("app1", "a", 1, 2.0, 2.1)
                .gone("app1", 30)
                .writeTo(folder);

        History history = HistoryReader.read(folder);

        assertThat(history.endDeclared()).isFalse();
        assertThat(history.endMicros()).isEqualTo(HistoryBuilder.at(2.101));
        assertThat(history.aliveAtEnd(history.jvm("app1"))).isTrue();
    }

    private void append(String file, String... lines) throws IOException {
        Files.writeString(
                folder.resolve(file),
                String.join("", List.of(lines)),
                StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
    }
}
