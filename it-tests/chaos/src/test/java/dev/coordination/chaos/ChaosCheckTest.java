package dev.coordination.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChaosCheckTest {

    @TempDir
    Path folder;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void cleanRunExitsZeroAndWritesReportAndPictureIntoTheFolder() throws IOException {
        HistoryBuilder.cleanRun().writeTo(folder);

        int exit = run(folder.toString());

        assertThat(exit).isZero();
        assertThat(Files.readString(folder.resolve("report.txt"))).contains(": PASS");
        assertThat(Files.readString(folder.resolve("timeline.svg"))).startsWith("<svg");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(": PASS", "written: ");
    }

    @Test
    void runWithViolationsExitsOne() throws IOException {
        HistoryBuilder.cleanRun().value("a", 1).writeTo(folder);

        assertThat(run(folder.toString())).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("FAIL (1 violation: 1 lost update)");
    }

    @Test
    void unreadableRunExitsTwoNamingFileAndLine() throws IOException {
        HistoryBuilder.cleanRun().writeTo(folder);
        Files.writeString(folder.resolve("store.tsv"), "VALUE\ta\tmany\n");

        assertThat(run(folder.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("cannot judge " + folder + ": store.tsv line 1: value 'many' is not a whole number");
        assertThat(folder.resolve("report.txt")).doesNotExist();
    }

    @Test
    void boundsCanBeSetOnTheCommandLine() throws IOException {
        HistoryBuilder.cleanRun().call("app1").failed(7, 8).add().writeTo(folder);

        assertThat(run(folder.toString())).isZero();
        assertThat(run(folder.toString(), "--blocking-ms", "500")).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("its bound is 500.0 ms");
    }

    @Test
    void badArgumentsPrintUsage() {
        assertThat(run()).isEqualTo(2);
        assertThat(run("x", "--blocking-ms")).isEqualTo(2);
        assertThat(run("x", "--blocking-ms", "soon")).isEqualTo(2);
        assertThat(run("x", "--fast", "1")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("usage: ChaosCheck RUN_FOLDER")
                .contains("--blocking-ms needs a whole number of milliseconds, not 'soon'")
                .contains("unknown option --fast");
    }

    private int run(String... args) {
        return ChaosCheck.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
