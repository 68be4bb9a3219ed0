package dev.coordination.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * How sure a ratio of two medians is: a percentile bootstrap. Both sets of shots are drawn again
 * with replacement, many times, and the ratio of their medians read each time; the middle 95 % of
 * those ratios is the interval. The seed is fixed, so the same shots always give the same interval.
 */
final class MedianRatio {

    private static final int RESAMPLES = 10_000;
    private static final long SEED = 6;

    private MedianRatio() {}

    /** {low, high}: the 95 % interval of median(measured) / median(baseline). */
    static double[] interval95(List<Double> measured, List<Double> baseline) {
        double[] top = toArray(measured);
        double[] bottom = toArray(baseline);
        Random random = new Random(SEED);
        double[] ratios = new double[RESAMPLES];
        double[] topDraw = new double[top.length];
        double[] bottomDraw = new double[bottom.length];
        for (int i = 0; i < RESAMPLES; i++) {
            ratios[i] = medianOfDraw(top, topDraw, random) / medianOfDraw(bottom, bottomDraw, random);
        }
        Arrays.sort(ratios);
        return new double[] {ratios[(int) (RESAMPLES * 0.025)], ratios[(int) (RESAMPLES * 0.975) - 1]};
    }

    private static double medianOfDraw(double[] values, double[] draw, Random random) {
        for (int i = 0; i < draw.length; i++) {
            draw[i] = values[random.nextInt(values.length)];
        }
        return Medians.of(draw);
    }

    private static double[] toArray(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no shots to compare");
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
