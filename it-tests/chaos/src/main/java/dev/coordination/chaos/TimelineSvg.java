package dev.coordination.chaos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The run as one picture, to be read at a glance: time across; a lane per JVM on top (alive, not yet
 * ready, paused, cut off from the majority, killed, failed calls as ticks); below, a lane per lock
 * name with a row per application JVM, each section a bar in its JVM's colour and a lost lock marked
 * with a black triangle. Faults are pale bands behind everything, labelled with their kind and
 * targets; every violation is a red box on the lanes it concerns, with its number from the report.
 */
public final class TimelineSvg {

    static final double WIDTH = 1600;
    static final double LEFT = 130;
    static final double RIGHT = 24;
    private static final double JVM_LANE = 14;
    private static final double LANE_GAP = 5;
    private static final double ROW = 6;
    private static final double LABEL_ROW = 13;
    private static final int MAX_LABELLED_VIOLATIONS = 80;

    private final String title;
    private final History history;
    private final List<Violation> violations;
    private final Sections sections;
    private final TimelinePalette palette;
    private final List<Jvm> appJvms;
    private final long from;
    private final long to;
    private final Map<String, Double> jvmLaneY = new LinkedHashMap<>();
    private final Map<String, Double> nameLaneY = new LinkedHashMap<>();

    private TimelineSvg(String title, History history, List<Violation> violations) {
        this.title = title;
        this.history = history;
        this.violations = violations;
        this.sections = Sections.of(history);
        this.palette = new TimelinePalette(history);
        this.appJvms = history.applicationJvms();
        this.from = history.startMicros();
        this.to = Math.max(from + 1_000_000, history.endMicros());
    }

    /** The picture of {@code history}, with {@code violations} numbered as in the report. */
    public static String render(String title, History history, List<Violation> violations) {
        return new TimelineSvg(title, history, violations).draw();
    }

    private String draw() {
        List<Label> faultLabels = faultLabels();
        List<Label> violationLabels = violationLabels();
        double faultRows = rows(faultLabels);
        double violationRows = rows(violationLabels);
        double y = 62 + faultRows * LABEL_ROW;
        double violationStrip = y;
        y += violationRows * LABEL_ROW + (violationRows > 0 ? 4 : 0);
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
        header(svg);
        bands(svg, faultLabels, lanesTop, lanesBottom);
        new TimelineLanes(history, sections, palette, this::x).draw(svg, jvmLaneY, nameLaneY, appJvms, JVM_LANE, ROW);
        marks(svg, violationLabels, violationStrip, lanesTop, lanesBottom);
        axis(svg, lanesBottom);
        return svg.document();
    }

    private double nameLaneHeight() {
        return Math.max(1, appJvms.size()) * ROW + 2;
    }

    double x(long micros) {
        double clamped = Math.max(from, Math.min(to, micros));
        return LEFT + (clamped - from) * (WIDTH - LEFT - RIGHT) / (to - from);
    }

    private void header(Svg svg) {
        String verdict = TextReport.verdict(violations);
        svg.text(
                12,
                20,
                "Chaos run " + title + ": " + verdict,
                "font-size=\"14\" font-weight=\"bold\" fill=\""
                        + (violations.isEmpty() ? "#1a7f37" : TimelinePalette.VIOLATION) + "\"");
        svg.text(
                WIDTH - RIGHT,
                20,
                String.format(
                        Locale.ROOT,
                        "time in seconds from the run's start; the workload" + " stopped at %.1f s",
                        (history.endMicros() - from) / 1e6),
                "text-anchor=\"end\" fill=\"#555\"");
        double x = 12;
        double y = 40;
        for (Jvm jvm : appJvms) {
            x = swatch(svg, x, y, "fill=\"" + palette.jvm(jvm.name()) + "\"", jvm.name());
        }
        x = swatch(svg, x + 10, y, "fill=\"" + TimelinePalette.MEMBER + "\"", "no workload");
        x = swatch(svg, x + 10, y, "fill=\"" + TimelinePalette.PAUSED + "\"", "paused");
        x = swatch(svg, x, y, "fill=\"url(#cut)\"", "outside the majority");
        x = swatch(
                svg, x, y, "fill=\"" + TimelinePalette.band(FaultKind.ISOLATE) + "\" opacity=\"0.5\"", "network fault");
        x = swatch(
                svg,
                x,
                y,
                "fill=\"" + TimelinePalette.band(FaultKind.PAUSE_LONG) + "\" opacity=\"0.5\"",
                "pause fault");
        x = swatch(svg, x, y, "fill=\"" + TimelinePalette.band(FaultKind.KILL) + "\" opacity=\"0.5\"", "kill/restart");
        svg.polygon("fill=\"" + TimelinePalette.LOST + "\"", x + 10, y - 9, x + 20, y - 9, x + 15, y - 1);
        svg.text(x + 24, y, "lost lock", "");
        x += 24 + Svg.textWidth("lost lock", 11) + 14;
        swatch(
                svg,
                x,
                y,
                "fill=\"" + TimelinePalette.VIOLATION + "\" fill-opacity=\"0.25\" stroke=\"" + TimelinePalette.VIOLATION
                        + "\" stroke-width=\"1.5\"",
                "violation (number as in the report)");
    }

    private double swatch(Svg svg, double x, double y, String style, String label) {
        svg.rect(x, y - 9, 14, 10, style);
        svg.text(x + 18, y, label, "");
        return x + 18 + Svg.textWidth(label, 11) + 12;
    }

    private List<Label> faultLabels() {
        List<Label> labels = new ArrayList<>();
        for (Fault fault : history.faults()) {
            String targets = String.join(",", fault.targets());
            if (targets.length() > 24) {
                targets = targets.substring(0, 22) + "..";
            }
            labels.add(new Label(x(fault.startMicros()), fault.kind().text() + " " + targets, fault));
        }
        placeInRows(labels, 10);
        return labels;
    }

    private List<Label> violationLabels() {
        List<Label> labels = new ArrayList<>();
        for (int index = 0; index < violations.size() && index < MAX_LABELLED_VIOLATIONS; index++) {
            Violation violation = violations.get(index);
            labels.add(new Label(
                    x(violation.fromMicros()), "#" + (index + 1) + " " + shortName(violation.property()), violation));
        }
        placeInRows(labels, 10);
        return labels;
    }

    private void bands(Svg svg, List<Label> labels, double top, double bottom) {
        for (Label label : labels) {
            Fault fault = (Fault) label.subject;
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
            double labelY = 60 + label.row * LABEL_ROW;
            svg.line(
                    x1,
                    labelY - 9,
                    x1,
                    top - 2,
                    "stroke=\"" + TimelinePalette.label(fault.kind())
                            + "\" stroke-width=\"0.8\" stroke-opacity=\"0.6\"");
            svg.text(
                    label.textX,
                    labelY,
                    label.text,
                    "font-size=\"10\" fill=\"" + TimelinePalette.label(fault.kind()) + "\"");
        }
    }

    private void marks(Svg svg, List<Label> labels, double strip, double top, double bottom) {
        for (int index = 0; index < violations.size(); index++) {
            Violation violation = violations.get(index);
            double x1 = x(violation.fromMicros());
            double x2 = Math.max(x1 + 4, x(violation.toMicros()));
            String box = "fill=\"" + TimelinePalette.VIOLATION + "\" fill-opacity=\"0.22\" stroke=\""
                    + TimelinePalette.VIOLATION + "\" stroke-width=\"1.5\"";
            String tooltip = "#" + (index + 1) + " " + violation.property().text() + ": " + violation.explanation();
            for (double laneY : lanesOf(violation)) {
                svg.rect(x1 - 2, laneY - 2, x2 - x1 + 4, laneHeight(laneY) + 4, box, tooltip);
            }
        }
        for (Label label : labels) {
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
        if (violations.size() > MAX_LABELLED_VIOLATIONS) {
            svg.text(
                    WIDTH - RIGHT,
                    strip - 2,
                    (violations.size() - MAX_LABELLED_VIOLATIONS) + " more violations boxed but not labelled",
                    "font-size=\"10\" text-anchor=\"end\" fill=\"" + TimelinePalette.VIOLATION + "\"");
        }
    }

    /** The lanes a violation is drawn on: its JVMs' for a call's or a JVM's failing, else its names'. */
    private List<Double> lanesOf(Violation violation) {
        boolean aboutJvms = switch (violation.property()) {
            case BOUND, NEVER_ENDED, RECOVERY -> true;
            default -> violation.names().isEmpty();
        };
        List<Double> lanes = new ArrayList<>();
        (aboutJvms ? violation.jvms() : violation.names()).forEach(key -> {
            Double y = aboutJvms ? jvmLaneY.get(key) : nameLaneY.get(key);
            if (y != null) {
                lanes.add(y);
            }
        });
        return lanes;
    }

    private double laneHeight(double laneY) {
        return jvmLaneY.containsValue(laneY) ? JVM_LANE : nameLaneHeight();
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
        for (long second = 0; second * 1_000_000 <= span; second += step) {
            double x = x(from + second * 1_000_000);
            svg.line(x, y, x, y + 4, "stroke=\"#333\"");
            svg.line(
                    x,
                    jvmLaneY.values().stream().findFirst().orElse(y),
                    x,
                    y,
                    "stroke=\"#000\" stroke-opacity=\"0.07\"");
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
            case RECOVERY -> "recovery";
        };
    }

    private static double rows(List<Label> labels) {
        return labels.stream().mapToInt(label -> label.row + 1).max().orElse(0);
    }

    /** Puts each label in the first row where it clears the one before it. */
    private static void placeInRows(List<Label> labels, double fontSize) {
        List<Double> rowEnds = new ArrayList<>();
        labels.sort((a, b) -> Double.compare(a.x, b.x));
        for (Label label : labels) {
            double width = Svg.textWidth(label.text, fontSize) + 6;
            label.textX = Math.min(label.x + 2, WIDTH - RIGHT - width);
            int row = 0;
            while (row < rowEnds.size() && rowEnds.get(row) > label.textX) {
                row++;
            }
            if (row == rowEnds.size()) {
                rowEnds.add(0.0);
            }
            rowEnds.set(row, label.textX + width);
            label.row = row;
        }
    }

    /** A label placed at {@code x}, in the row {@link #placeInRows} gives it. */
    private static final class Label {
        final double x;
        final String text;
        final Object subject;
        int row;
        double textX;

        Label(double x, String text, Object subject) {
            this.x = x;
            this.text = text;
            this.subject = subject;
        }
    }
}
