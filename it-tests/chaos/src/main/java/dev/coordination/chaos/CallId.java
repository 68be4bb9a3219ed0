package dev.coordination.chaos;

/**
 * A call's identity in a run: its JVM and its number there. Written {@code jvm:seq}, as the store's
 * {@code writer} field names the call that wrote.
 */
public record CallId(String jvm, long seq) implements Comparable<CallId> {

    /** Reads {@code jvm:seq}; null when {@code text} has no such form. */
    public static CallId parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            return null;
        }
        try {
            return new CallId(text.substring(0, colon), Long.parseLong(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public int compareTo(CallId other) {
        int byJvm = jvm.compareTo(other.jvm);
        return byJvm != 0 ? byJvm : Long.compare(seq, other.seq);
    }

    @Override
    public String toString() {
        return jvm + ":" + seq;
    }
}
