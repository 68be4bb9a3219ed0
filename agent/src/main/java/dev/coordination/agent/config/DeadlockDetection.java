package dev.coordination.agent.config;

import java.util.Locale;

/**
 * {@code coordination.deadlock-detection}: how long a call waits for a lock before its wait is
 * checked for a cycle with other waits ({@code 500ms}, {@code 1s}), or {@code off}.
 *
 * <p>The default, 500 ms, keeps waits that end by themselves (most contention) off the shared
 * table, so an uncontended or briefly contended call publishes nothing, and still breaks a cycle
 * within about a second of its closing: the last wait of a cycle is posted after this long, and two
 * scans 200 ms apart confirm it.
 */
public final class DeadlockDetection {

    public static final long DEFAULT_MILLIS = 500;
    static final long MIN_MILLIS = 100;
    static final long MAX_MILLIS = 60_000;
    /** What {@link #parseMillis} returns for {@code off}. */
    public static final long OFF = -1;

    private DeadlockDetection() {}

    /**
     * @return the threshold in milliseconds, or {@link #OFF}
     * @throws IllegalArgumentException saying what is wrong with {@code value}
     */
    static long parseMillis(String value) {
        String text = value.toLowerCase(Locale.ROOT);
        if (text.equals("off")) {
            return OFF;
        }
        long factor;
        String digits;
        if (text.endsWith("ms")) {
            factor = 1;
            digits = text.substring(0, text.length() - 2);
        } else if (text.endsWith("s")) {
            factor = 1000;
            digits = text.substring(0, text.length() - 1);
        } else {
            throw new IllegalArgumentException(
                    "not a duration; use off, or milliseconds or seconds with their unit" + " (500ms, 1s)");
        }
        long millis;
        try {
            millis = Math.multiplyExact(Long.parseLong(digits.trim()), factor);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("not a whole number of " + (factor == 1 ? "milliseconds" : "seconds")
                    + "; use off, or milliseconds or seconds with their unit (500ms, 1s)");
        }
        if (millis < MIN_MILLIS || millis > MAX_MILLIS) {
            throw new IllegalArgumentException(
                    "out of range: a wait is checked after " + MIN_MILLIS + "ms to " + MAX_MILLIS / 1000 + "s, or off");
        }
        return millis;
    }
}
