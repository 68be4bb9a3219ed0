package dev.coordination.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class TimelineSvgTest {

    @Test
    void pictureIsWellFormedSvgWithALanePerJvmAndName() throws Exception {
        History history = HistoryBuilder.cleanRun().build();

        String svg = TimelineSvg.render("run-1", history, List.of());

        Document document = parse(svg);
        assertThat(document.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(texts(document)).contains("app1", "app2", "lock a", "lock b", "pause-short app2", "last heal");
        assertThat(svg).contains("PASS");
        assertThat(svg.split("stroke=\"" + TimelinePalette.VIOLATION + "\" stroke-width=\"1.5\"", -1))
                .hasSize(1 + 1); // the legend's swatch alone
    }

    @Test
    void everyViolationIsBoxedInRedAndLabelledWithItsNumber() throws Exception {
        History history = HistoryBuilder.cleanRun()
                .section("app1", "a", 5, 7.0, 7.5)
                .section("app2", "a", 6, 7.2, 7.3)
                .call("app1")
                .timeout(100)
                .failed(8, 9)
                .add()
                .build();
        List<Violation> violations = new HistoryChecker().check(history);

        String svg = TimelineSvg.render("run-2", history, violations);

        assertThat(texts(parse(svg))).contains("#1 overlap", "#2 bound");
        assertThat(svg.split("stroke=\"" + TimelinePalette.VIOLATION + "\" stroke-width=\"1.5\"", -1))
                .hasSize(3 + 1); // two boxes and the legend's swatch
        assertThat(svg).contains("<title>#1 overlap: app1:5 held a");
    }

    @Test
    void lostLockIsMarkedWithATriangle() throws Exception {
        History history = HistoryBuilder.cleanRun()
                .call("app1")
                .names("b")
                .fences(3L)
                .times(7.0, 7.1, 7.2, 7.3)
                .outcome(Outcome.LOST)
                .add()
                .build();

        String svg = TimelineSvg.render("run-3", history, List.of());

        // the legend's triangle and the one over lane b
        assertThat(svg.split("<polygon points=\"[^\"]*\" fill=\"#000000\"", -1)).hasSize(3);
        assertThat(svg).contains("stroke=\"#000000\" stroke-width=\"1\"><title>app1:5 held b with fence 3");
    }

    @Test
    void killedJvmIsCrossedAndPausesAndCutsAreDrawnOnItsLane() throws Exception {
        History history = HistoryBuilder.cleanRun()
                .fault("f2", FaultKind.ISOLATE, "app1", 8, 9, "app2")
                .gone("app1", 10)
                .build();

        String svg = TimelineSvg.render("run-4", history, List.of());

        assertThat(texts(parse(svg))).contains("killed");
        assertThat(svg).contains("<title>app1 outside the majority (isolate f2)</title>");
        assertThat(svg).contains("<title>app2 paused 1000.0 ms</title>");
    }

    @Test
    void textFromTheHistoryIsEscaped() throws Exception {
        History history = new HistoryBuilder()
                .jvm("app1")
                .section("app1", "orders<&>\"", 1, 2, 2.1)
                .end(5)
                .build();

        String svg = TimelineSvg.render("run<5>", history, List.of());

        assertThat(texts(parse(svg))).contains("lock orders<&>\"");
    }

    @Test
    void hundredsOfFaultsAndViolationsKeepThePictureShort() throws Exception {
        HistoryBuilder builder = new HistoryBuilder().jvm("app1").jvm("app2");
        for (int index = 0; index < 120; index++) {
            builder.fault("f" + index, FaultKind.ISOLATE, "app2", index * 1.5, index * 1.5 + 1, "app1");
        }
        for (int index = 0; index < 300; index++) {
            double at = 2 + index * 0.6;
            builder.section("app1", "a", 2L * index + 1, at, at + 0.3);
            builder.section("app2", "a", 2L * index + 2, at + 0.1, at + 0.2);
        }
        History history = builder.end(190).build();
        List<Violation> violations = new HistoryChecker().check(history);

        String svg = TimelineSvg.render("run-5", history, violations);

        assertThat(violations).hasSize(300);
        double height = Double.parseDouble(parse(svg).getDocumentElement().getAttribute("height"));
        assertThat(height).isLessThan(400);
        assertThat(texts(parse(svg)))
                .anyMatch(text -> text.endsWith("more violation(s) boxed, not labelled: see the" + " report"));
    }

    private static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> texts(Document document) {
        var nodes = document.getElementsByTagName("text");
        List<String> texts = new java.util.ArrayList<>();
        for (int index = 0; index < nodes.getLength(); index++) {
            texts.add(nodes.item(index).getTextContent());
        }
        return texts;
    }
}
