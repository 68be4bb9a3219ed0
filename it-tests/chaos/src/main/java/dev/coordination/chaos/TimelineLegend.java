package dev.coordination.chaos;

import java.util.List;
import java.util.Locale;

/**
 * The timeline's first two lines: the verdict in green or red, and a legend of every colour and mark
 * the picture uses, so it can be read without the report beside it.
 */
final class TimelineLegend {

    private TimelineLegend() {}

    static void draw(Svg svg, String title, History history, List<Violation> violations, TimelinePalette palette) {
        svg.text(
                12,
                20,
                "Chaos run " + title + ": " + TextReport.verdict(violations),
                "font-size=\"14\" font-weight=\"bold\" fill=\""
                        + (violations.isEmpty() ? "#1a7f37" : TimelinePalette.VIOLATION) + "\"");
        svg.text(
                TimelineSvg.WIDTH - TimelineSvg.RIGHT,
                20,
                String.format(
                        Locale.ROOT,
                        "time in seconds from the run's start; the workload stopped at %.1f s",
                        (history.endMicros() - history.startMicros()) / 1e6),
                "text-anchor=\"end\" fill=\"#555\"");
        double x = 12;
        double y = 40;
        for (Jvm jvm : history.applicationJvms()) {
            x = swatch(svg, x, y, "fill=\"" + palette.jvm(jvm.name()) + "\"", jvm.name());
        }
        x = swatch(svg, x + 10, y, "fill=\"" + TimelinePalette.MEMBER + "\"", "no workload");
        x = swatch(svg, x + 10, y, "fill=\"" + TimelinePalette.PAUSED + "\"", "paused");
        x = swatch(svg, x, y, "fill=\"url(#cut)\"", "outside the majority");
        x = swatch(svg, x, y, band(FaultKind.ISOLATE), "network fault");
        x = swatch(svg, x, y, band(FaultKind.PAUSE_LONG), "pause fault");
        x = swatch(svg, x, y, band(FaultKind.KILL), "kill/restart");
        svg.polygon("fill=\"" + TimelinePalette.LOST + "\"", x + 3, y - 9, x + 13, y - 9, x + 8, y - 1);
        svg.text(x + 18, y, "lost lock", "");
        x += 18 + Svg.textWidth("lost lock", 11) + 12;
        swatch(
                svg,
                x,
                y,
                "fill=\"" + TimelinePalette.VIOLATION + "\" fill-opacity=\"0.25\" stroke=\"" + TimelinePalette.VIOLATION
                        + "\" stroke-width=\"1.5\"",
                "violation (numbered as in the report)");
    }

    private static String band(FaultKind kind) {
        return "fill=\"" + TimelinePalette.band(kind) + "\" opacity=\"0.5\"";
    }

    private static double swatch(Svg svg, double x, double y, String style, String label) {
        svg.rect(x, y - 9, 14, 10, style);
        svg.text(x + 18, y, label, "");
        return x + 18 + Svg.textWidth(label, 11) + 12;
    }
}
