package dev.coordination.agent.attach;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttachReportTest {

    @TempDir
    Path dir;

    @Test
    void settingsComeBackUnchangedWithoutTheReportKeyEvenWhenThePathHasCommasAndEquals() throws Exception {
        Path file = dir.resolve("odd,name=x.txt");
        String settings = "members=10.0.0.1,10.0.0.2,port=5801";

        AttachReport report = AttachReport.of(AttachReport.arguments(settings, file));

        assertThat(report.settings()).isEqualTo(settings);
        report.attached("done");
        assertThat(Files.readString(file)).isEqualTo("attached: done");
    }

    @Test
    void noSettingsGiveAnEmptySettingsString() {
        AttachReport report = AttachReport.of(AttachReport.arguments("", Paths.get("r.txt")));

        assertThat(report.settings()).isEmpty();
    }

    @Test
    void argumentsWithoutAReportAreTheSettingsAndWritingGoesNowhere() {
        AttachReport report = AttachReport.of("port=5801");

        assertThat(report.settings()).isEqualTo("port=5801");
        report.refused("ignored");
        assertThat(AttachReport.of(null).settings()).isNull();
    }

    @Test
    void aRefusalIsMarkedSoTheCommandFailsEvenWhenTheAttachApiSucceeded() throws Exception {
        Path file = dir.resolve("report.txt");
        AttachReport.of(AttachReport.arguments("", file)).refused("already runs");

        assertThat(AttachReport.read(file)).isEqualTo(AttachReport.REFUSED + "already runs");
    }
}
