package dev.coordination.chaos;

import java.util.List;
import java.util.Map;
import java.util.function.LongToDoubleFunction;

/**
 * The lanes of the timeline. A JVM's lane shows its life (pale before it was ready), its pauses, the
 * time it spent outside a fault's majority, its death, and its calls that failed as ticks. A name's
 * lane has a row per application JVM, so that the holders of a busy name stay apart even when
 * thousands of sections are a pixel wide each.
 */
final class TimelineLanes {

    private final History history;
    private final Sections sections;
    private final TimelinePalette palette;
    private final LongToDoubleFunction x;
    private final Pauses pauses;

    TimelineLanes(History history, Sections sections, TimelinePalette palette, LongToDoubleFunction x) {
        this.history = history;
        this.sections = sections;
        this.palette = palette;
        this.x = x;
        this.pauses = Pauses.of(history);
    }

    void draw(
            Svg svg,
            Map<String, Double> jvmLaneY,
            Map<String, Double> nameLaneY,
            List<Jvm> appJvms,
            double jvmLane,
            double row) {
        jvmLaneY.forEach((name, y) -> jvmLane(svg, history.jvm(name), y, jvmLane));
        nameLaneY.forEach((name, y) -> nameLane(svg, name, y, appJvms, row));
    }

    private void jvmLane(Svg svg, Jvm jvm, double y, double height) {
        String colour = palette.jvm(jvm.name());
        svg.text(
                12,
                y + 11,
                jvm.name() + (jvm.application() ? "" : " (" + jvm.role().text() + ")"),
                "fill=\"" + colour + "\" font-weight=\"bold\"");
        long lifeEnd = history.lifeEndMicros(jvm);
        long ready = jvm.readyMicros() == Call.NONE ? lifeEnd : Math.min(jvm.readyMicros(), lifeEnd);
        band(
                svg,
                jvm.startMicros(),
                ready,
                y,
                height,
                "fill=\"" + colour + "\" fill-opacity=\"0.12\"",
                jvm.name() + " starting");
        band(svg, ready, lifeEnd, y, height, "fill=\"" + colour + "\" fill-opacity=\"0.35\"", jvm.name() + " ready");
        for (Fault fault : history.faults()) {
            boolean cut = fault.kind().effect() == FaultKind.Effect.NETWORK
                    && (jvm.application()
                            ? !fault.majority().contains(jvm.name())
                            : fault.targets().contains(jvm.name()));
            if (cut) {
                band(
                        svg,
                        Math.max(fault.startMicros(), jvm.startMicros()),
                        Math.min(fault.endOr(history.endMicros()), lifeEnd),
                        y + 3,
                        height - 6,
                        "fill=\"url(#cut)\" fill-opacity=\"0.7\"",
                        jvm.name() + " outside the majority (" + fault.kind().text() + " " + fault.id() + ")");
            }
        }
        for (long[] pause : pauses.of(jvm.name())) {
            band(
                    svg,
                    pause[0],
                    Math.min(pause[1], lifeEnd),
                    y + 2,
                    height - 4,
                    "fill=\"" + TimelinePalette.PAUSED + "\"",
                    jvm.name() + " paused " + Times.span(pause[1] - pause[0]));
        }
        for (Call call : history.calls()) {
            if (call.jvm().equals(jvm.name()) && call.ended() && !call.bodyRan()) {
                double at = x.applyAsDouble(call.endMicros());
                svg.line(at, y + height - 4, at, y + height, "stroke=\"#222\" stroke-width=\"0.7\"");
            }
        }
        if (jvm.goneBefore(history.endMicros())) {
            double at = x.applyAsDouble(jvm.goneMicros());
            String cross = "stroke=\"#000\" stroke-width=\"2\"";
            svg.line(at - 5, y, at + 5, y + height, cross);
            svg.line(at - 5, y + height, at + 5, y, cross);
            svg.text(at + 7, y + 11, "killed", "font-size=\"10\"");
        }
    }

    private void band(Svg svg, long from, long to, double y, double height, String style, String tooltip) {
        if (to <= from) {
            return;
        }
        double x1 = x.applyAsDouble(from);
        svg.rect(x1, y, Math.max(1, x.applyAsDouble(to) - x1), height, style, tooltip);
    }

    private void nameLane(Svg svg, String name, double y, List<Jvm> appJvms, double row) {
        double height = Math.max(1, appJvms.size()) * row + 2;
        svg.text(12, y + height / 2 + 4, "lock " + name, "font-weight=\"bold\" fill=\"#222\"");
        double left = x.applyAsDouble(history.startMicros());
        svg.rect(left, y, x.applyAsDouble(history.endMicros()) - left, height, "fill=\"#000\" fill-opacity=\"0.04\"");
        for (Section section : sections.of(name)) {
            int index = indexOf(appJvms, section.call().jvm());
            double x1 = x.applyAsDouble(section.fromMicros());
            double width = Math.max(1, x.applyAsDouble(section.toMicros()) - x1);
            double top = y + 1 + index * row;
            String tooltip = section.call().id() + " held " + name + " with fence " + section.fence() + " from "
                    + Times.at(history, section.fromMicros()) + " for "
                    + Times.span(section.toMicros() - section.fromMicros()) + " ("
                    + section.call().outcomeText() + ")";
            String style = "fill=\"" + palette.jvm(section.call().jvm()) + "\"";
            if (section.lost()) {
                style += " stroke=\"" + TimelinePalette.LOST + "\" stroke-width=\"1\"";
                svg.polygon("fill=\"" + TimelinePalette.LOST + "\"", x1 - 4, y - 6, x1 + 4, y - 6, x1, y);
            }
            svg.rect(x1, top, width, row - 1, style, tooltip);
        }
    }

    private static int indexOf(List<Jvm> jvms, String name) {
        for (int index = 0; index < jvms.size(); index++) {
            if (jvms.get(index).name().equals(name)) {
                return index;
            }
        }
        return 0;
    }
}
