package dev.coordination.bench;

import java.util.Locale;

/**
 * One line of the table: a figure, the baseline it is compared with (measured in the same run),
 * their ratio, and the goal for it. A ratio is {@code NaN} where there is no baseline.
 */
final class BenchRow {

    final String group;
    final String measure;
    final double value;
    final String unit;
    final String baseline;
    final double ratio;
    final String goal;
    final Boolean met;
    /** The verdict when {@code met} is null and there is a goal. */
    private final String undecided;

    BenchRow(
            String group,
            String measure,
            double value,
            String unit,
            String baseline,
            double ratio,
            String goal,
            Boolean met) {
        this(group, measure, value, unit, baseline, ratio, goal, met, "within noise");
    }

    private BenchRow(
            String group,
            String measure,
            double value,
            String unit,
            String baseline,
            double ratio,
            String goal,
            Boolean met,
            String undecided) {
        this.undecided = undecided;
        this.group = group;
        this.measure = measure;
        this.value = value;
        this.unit = unit;
        this.baseline = baseline;
        this.ratio = ratio;
        this.goal = goal;
        this.met = met;
    }

    /** Fewest samples on each side of a ratio for its interval to judge a goal. */
    static final int MIN_SHOTS_TO_JUDGE = 5;

    /**
     * A ratio judged against its goal by its 95 % interval (low to high, from the same run's
     * samples): met when even the high end is within the goal, missed when even the low end is
     * beyond it, and otherwise undecided, as the noise between fresh JVMs is larger than the gap.
     * {@code fewestShots} is the smaller number of samples behind the two medians: below {@value
     * #MIN_SHOTS_TO_JUDGE} the bootstrap interval shrinks to the point figure (one shot each gives
     * one ratio, whatever the noise), so the row is not judged.
     */
    static BenchRow judged(
            String group,
            String measure,
            double value,
            String unit,
            String baseline,
            double ratio,
            double low,
            double high,
            double goal,
            int fewestShots) {
        if (fewestShots < MIN_SHOTS_TO_JUDGE) {
            String goalText = String.format(
                    Locale.ROOT,
                    "<= %.2f (%d shots per set-up; at least %d to judge)",
                    goal,
                    fewestShots,
                    MIN_SHOTS_TO_JUDGE);
            return new BenchRow(group, measure, value, unit, baseline, ratio, goalText, null, "not judged");
        }
        String goalText =
                String.format(Locale.ROOT, "<= %.2f (95 %% interval of the ratio: %.2f-%.2f)", goal, low, high);
        Boolean met = high <= goal ? Boolean.TRUE : low > goal ? Boolean.FALSE : null;
        return new BenchRow(group, measure, value, unit, baseline, ratio, goalText, met);
    }

    /** A figure without a goal (context for the reader). */
    static BenchRow figure(String group, String measure, double value, String unit, String baseline, double ratio) {
        return new BenchRow(group, measure, value, unit, baseline, ratio, "", null);
    }

    String markdown() {
        return "| " + group + " | " + measure + " | " + number(value) + " " + unit + " | " + baseline + " | "
                + (Double.isNaN(ratio) ? "" : String.format(Locale.ROOT, "%.2f", ratio)) + " | " + goal + " | "
                + verdict() + " |";
    }

    private String verdict() {
        if (met == null) {
            return goal.isEmpty() ? "" : undecided;
        }
        return met ? "met" : "**missed**";
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "not measured";
        }
        double size = Math.abs(value); // a difference may be negative
        if (size >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, size >= 10 ? "%.1f" : "%.3f", value);
    }
}
