package dev.coordination.chaos;

import java.util.Locale;

/**
 * Times as people read them in a report: moments relative to the run's start ({@code t+12.345s}),
 * so they can be found on the picture's axis, and spans in the unit that suits them.
 */
final class Times {

    private Times() {}

    /** {@code micros} as seconds since the run's start. */
    static String at(History history, long micros) {
        return String.format(Locale.ROOT, "t+%.3fs", (micros - history.startMicros()) / 1e6);
    }

    /** A span of {@code micros}: milliseconds below 10 s, else seconds. */
    static String span(long micros) {
        if (Math.abs(micros) < 10_000_000) {
            return String.format(Locale.ROOT, "%.1f ms", micros / 1e3);
        }
        return String.format(Locale.ROOT, "%.2f s", micros / 1e6);
    }
}
