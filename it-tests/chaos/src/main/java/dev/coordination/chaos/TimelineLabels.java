package dev.coordination.chaos;

import java.util.ArrayList;
import java.util.List;

/**
 * Labels along the time axis, stacked in rows so that none covers another, with a limit on the rows:
 * a run with hundreds of faults or violations still gets a picture of readable height, and what has
 * no room keeps its band or box (with its tooltip) but no label.
 */
final class TimelineLabels<T> {

    /** One label: its subject, the time it points at ({@code x}), and where its text went. */
    static final class Label<T> {
        final T subject;
        final double x;
        final String text;
        double textX;
        int row = -1;

        Label(T subject, double x, String text) {
            this.subject = subject;
            this.x = x;
            this.text = text;
        }
    }

    private final List<Label<T>> placed = new ArrayList<>();
    private final List<T> unlabelled = new ArrayList<>();
    private int rows;

    /** Places {@code labels} (in any order) in at most {@code maxRows} rows of a picture {@code right} wide. */
    TimelineLabels(List<Label<T>> labels, int maxRows, double fontSize, double right) {
        List<Label<T>> byX = new ArrayList<>(labels);
        byX.sort((a, b) -> Double.compare(a.x, b.x));
        List<Double> rowEnds = new ArrayList<>();
        for (Label<T> label : byX) {
            double width = Svg.textWidth(label.text, fontSize) + 6;
            label.textX = Math.min(label.x + 2, right - width);
            int row = 0;
            while (row < rowEnds.size() && rowEnds.get(row) > label.textX) {
                row++;
            }
            if (row == maxRows) {
                unlabelled.add(label.subject);
                continue;
            }
            if (row == rowEnds.size()) {
                rowEnds.add(0.0);
            }
            rowEnds.set(row, label.textX + width);
            label.row = row;
            placed.add(label);
        }
        rows = rowEnds.size();
    }

    /** The labels that got a row. */
    List<Label<T>> placed() {
        return placed;
    }

    /** How many rows the placed labels take. */
    int rows() {
        return rows;
    }

    /** The subjects whose label had no room. */
    List<T> unlabelled() {
        return unlabelled;
    }
}
