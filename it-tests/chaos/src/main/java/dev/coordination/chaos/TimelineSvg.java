package dev.coordination.chaos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run as one picture, to be read at a glance: time across; a lane per JVM on top (alive, not yet
 * ready, paused, cut off from the majority, killed, failed calls as ticks); below, a lane per lock
 * name with a row per application JVM, each section a bar in its JVM's colour and a lost lock marked
 * with a black triangle. Faults are pale bands behind everything, labelled with their kind and
 * targets; every violation is a red box on the lanes it concerns, labelled with its number from the
 * report.
 */
public final class TimelineSvg {

    static final double WIDTH = 1600;
    static final double LEFT = 130;
    static final double RIGHT = 24;
    private static final double JVM_LANE = 14;
    private static final double LANE_GAP = 5;
    private static final double ROW = 6;
    private static final double LABEL_ROW = 13;
    private static final int MAX_LABEL_ROWS = 6;

    private final String title;
    private final History history;
    private final List<Violation> violations;
    private final TimelinePalette palette;
    private final long from;
    private final long to;
    private final Map<String, Double> jvmLaneY = new LinkedHashMap<>();
    private final Map<String, Double> nameLaneY = new LinkedHashMap<>();

    private TimelineSvg(String title, History history, List<Violation> violations) {
        this.title = title;
        this.history = history;
        this.violations = violations;
        this.palette = new TimelinePalette(history);
        this.from = history.startMicros();
        this.to = Math.max(from + 1_000_000, history.endMicros());
    }

    /** The picture of {@code history}, with {@code violations} numbered as in the report. */
    public static String render(String title, History history, List<Violation> violations) {
        return new TimelineSvg(title, history, violations).draw();
    }

    private String draw() {
        TimelineLabels<Fault> faultLabels = faultLabels();
        TimelineLabels<Integer> violationLabels = violationLabels();
        double faultStrip = 60;
        double violationStrip = faultStrip + 2 + faultLabels.rows() * LABEL_ROW;
        double y = violationStrip + violationLabels.rows() * LABEL_ROW + (violationLabels.rows() > 0 ? 4 : 0);
        double lanesTop = y;
        for (Jvm jvm : history.jvms()) {
            jvmLaneY.put(jvm.name(), y);
            y += JVM_LANE + LANE_GAP;
        }
        y += 8;
        for (String name : history.names()) {
            nameLaneY.put(name, y);
            y += nameLaneHeight() + LANE_GAP;
        }
        double lanesBottom = y;
        Svg svg = new Svg(WIDTH, lanesBottom + 34);
        svg.raw("<defs><pattern id=\"cut\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\""
                + " patternTransform=\"rotate(45)\"><rect width=\"3\" height=\"6\" fill=\"" + TimelinePalette.CUT_OFF
                + "\"/></pattern></defs>");
        TimelineLegend.draw(svg, title, history, violations, palette);
        bands(svg, faultLabels, faultStrip, lanesTop, lanesBottom);
        new TimelineLanes(history, Sections.of(history), palette, this::x)
                .draw(svg, jvmLaneY, nameLaneY, history.applicationJvms(), JVM_LANE, ROW);
        marks(svg, violationLabels, violationStrip, lanesBottom);
        axis(svg, lanesBottom);
        return svg.document();
    }

    private double nameLaneHeight() {
        return Math.max(1, history.applicationJvms().size()) * ROW + 2;
    }

    double x(long micros) {
        double clamped = Math.max(from, Math.min(to, micros));
        return LEFT + (clamped - from) * (WIDTH - LEFT - RIGHT) / (to - from);
    }

    private TimelineLabels<Fault> faultLabels() {
        List<TimelineLabels.Label<Fault>> labels = new ArrayList<>();
        for (Fault fault : history.faults()) {
            String targets = String.join(",", fault.targets());
            if (targets.length() > 24) {
                targets = targets.substring(0, 22) + "..";
            }
            labels.add(new TimelineLabels.Label<>(
                    fault, x(fault.startMicros()), fault.kind().text() + " " + targets));
        }
        return new TimelineLabels<>(labels, MAX_LABEL_ROWS, 10, WIDTH - RIGHT);
    }

    private TimelineLabels<Integer> violationLabels() {
        List<TimelineLabels.Label<Integer>> labels = new ArrayList<>();
        for (int index = 0; index < violations.size(); index++) {
            Violation violation = violations.get(index);
            labels.add(new TimelineLabels.Label<>(
                    index, x(violation.fromMicros()), "#" + (index + 1) + " " + shortName(violation.property())));
        }
        return new TimelineLabels<>(labels, MAX_LABEL_ROWS, 10, WIDTH - RIGHT);
    }

    private void bands(Svg svg, TimelineLabels<Fault> labels, double strip, double top, double bottom) {
        for (Fault fault : history.faults()) {
            double x1 = x(fault.startMicros());
            double x2 = Math.max(x1 + 2, x(fault.endOr(history.endMicros())));
            String tooltip = fault.id() + " " + fault.kind().text() + " on " + String.join(",", fault.targets())
                    + " from " + Times.at(history, fault.startMicros()) + " to "
                    + Times.at(history, fault.endOr(history.endMicros())) + "; majority: "
                    + (fault.majority().isEmpty() ? "none" : String.join(",", fault.majority()))
                    + (fault.detail().isEmpty() ? "" : "; " + fault.detail());
            svg.rect(
                    x1,
                    top - 2,
                    x2 - x1,
                    bottom - top,
                    "fill=\"" + TimelinePalette.band(fault.kind()) + "\" fill-opacity=\"0.28\"",
                    tooltip);
        }
        for (TimelineLabels.Label<Fault> label : labels.placed()) {
            String colour = TimelinePalette.label(label.subject.kind());
            double y = strip + label.row * LABEL_ROW;
            svg.line(
                    label.x,
                    y - 9,
                    label.x,
                    top - 2,
                    "stroke=\"" + colour + "\" stroke-width=\"0.8\" stroke-opacity=\"0.6\"");
            svg.text(label.textX, y, label.text, "font-size=\"10\" fill=\"" + colour + "\"");
        }
    }

    private void marks(Svg svg, TimelineLabels<Integer> labels, double strip, double bottom) {
        String box = "fill=\"" + TimelinePalette.VIOLATION + "\" fill-opacity=\"0.22\" stroke=\""
                + TimelinePalette.VIOLATION + "\" stroke-width=\"1.5\"";
        for (int index = 0; index < violations.size(); index++) {
            Violation violation = violations.get(index);
            double x1 = x(violation.fromMicros());
            double x2 = Math.max(x1 + 4, x(violation.toMicros()));
            String tooltip = "#" + (index + 1) + " " + violation.property().text() + ": " + violation.explanation();
            for (String lane : lanesOf(violation)) {
                boolean jvmLane = jvmLaneY.containsKey(lane) && aboutJvms(violation);
                double y = jvmLane ? jvmLaneY.get(lane) : nameLaneY.get(lane);
                double height = jvmLane ? JVM_LANE : nameLaneHeight();
                svg.rect(x1 - 2, y - 2, x2 - x1 + 4, height + 4, box, tooltip);
            }
        }
        for (TimelineLabels.Label<Integer> label : labels.placed()) {
            double y = strip + 8 + label.row * LABEL_ROW;
            svg.line(
                    label.x,
                    y + 2,
                    label.x,
                    bottom,
                    "stroke=\"" + TimelinePalette.VIOLATION
                            + "\" stroke-width=\"0.8\" stroke-opacity=\"0.5\" stroke-dasharray=\"3,2\"");
            svg.text(
                    label.textX,
                    y,
                    label.text,
                    "font-size=\"10\" font-weight=\"bold\" fill=\"" + TimelinePalette.VIOLATION + "\"");
        }
        if (!labels.unlabelled().isEmpty()) {
            svg.text(
                    LEFT,
                    bottom + 30,
                    labels.unlabelled().size() + " more violation(s) boxed, not" + " labelled: see the report",
                    "font-size=\"10\" font-weight=\"bold\" fill=\"" + TimelinePalette.VIOLATION + "\"");
        }
    }

    /** Whether a violation is drawn on its JVMs' lanes (a call's or a JVM's failing) or on its names'. */
    private static boolean aboutJvms(Violation violation) {
        return switch (violation.property()) {
            case BOUND, NEVER_ENDED, RECOVERY -> true;
            default -> violation.names().isEmpty();
        };
    }

    private List<String> lanesOf(Violation violation) {
        boolean aboutJvms = aboutJvms(violation);
        Map<String, Double> lanes = aboutJvms ? jvmLaneY : nameLaneY;
        return (aboutJvms ? violation.jvms() : violation.names())
                .stream().filter(lanes::containsKey).toList();
    }

    private void axis(Svg svg, double y) {
        svg.line(LEFT, y, WIDTH - RIGHT, y, "stroke=\"#333\"");
        long span = to - from;
        long[] steps = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600};
        long step = steps[steps.length - 1];
        for (long candidate : steps) {
            if (span / (candidate * 1_000_000) <= 24) {
                step = candidate;
                break;
            }
        }
        double top = jvmLaneY.values().stream().findFirst().orElse(y);
        for (long second = 0; second * 1_000_000 <= span; second += step) {
            double x = x(from + second * 1_000_000);
            svg.line(x, y, x, y + 4, "stroke=\"#333\"");
            svg.line(x, top, x, y, "stroke=\"#000\" stroke-opacity=\"0.07\"");
            svg.text(x, y + 16, second + " s", "text-anchor=\"middle\" fill=\"#333\"");
        }
        if (history.lastHealMicros() != Call.NONE) {
            double x = x(history.lastHealMicros());
            svg.polygon("fill=\"#1a7f37\"", x - 5, y + 30, x + 5, y + 30, x, y + 22);
            svg.text(x + 7, y + 30, "last heal", "font-size=\"10\" fill=\"#1a7f37\"");
        }
    }

    private static String shortName(Property property) {
        return switch (property) {
            case LOST_UPDATE -> "lost update";
            case FENCE_ORDER -> "fence";
            case OVERLAP -> "overlap";
            case BOUND -> "bound";
            case NEVER_ENDED -> "never ended";
            case UNEXPECTED_EXCEPTION -> "exception";
            case RECOVERY -> "recovery";
        };
    }
}
