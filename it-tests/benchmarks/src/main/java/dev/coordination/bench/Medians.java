package dev.coordination.bench;

import java.util.Arrays;
import java.util.Collection;

/** The median of a benchmark's samples: one definition for every group and for {@link MedianRatio}. */
final class Medians {

    private Medians() {}

    /** The middle value, or the mean of the two middle ones; {@code values} is left as it was. */
    static double of(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    static double of(Collection<Double> values) {
        return of(values.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
