package dev.coordination.it.apps;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * One call of a chaos worker, filled in as it goes (start, body, end, outcome, the store's verdict)
 * and rendered as one {@code CALL} line of the history when it ends.
 */
final class ChaosCall {

    private static final String NONE = "-";
    /** The store's verdicts, the worst last: a call that wrote twice reports the worse one. */
    private static final String[] VERDICTS = {"accepted", "error", "stale", "lost-update"};

    final long seq;
    final long parent;
    final String shape;
    /** {@code -1}: waits without a timeout; {@code 0}: does not wait. */
    final long timeoutMillis;

    final String[] names;
    private final long[] fences;
    private long startMicros;
    private long acquiredMicros = -1;
    private long bodyEndMicros = -1;
    private long endMicros;
    private String outcome = "returned";
    private String store = NONE;

    /** @param parent the seq of the call this one is nested in, or 0 */
    ChaosCall(long seq, long parent, String shape, long timeoutMillis, String... names) {
        this.seq = seq;
        this.parent = parent;
        this.shape = shape;
        this.timeoutMillis = timeoutMillis;
        this.names = names;
        this.fences = new long[names.length];
    }

    void started() {
        startMicros = HistoryWriter.nowMicros();
    }

    /** The body began: every lock is held. */
    void acquired() {
        acquiredMicros = HistoryWriter.nowMicros();
    }

    void fence(int index, long fence) {
        fences[index] = fence;
    }

    void stored(String verdict) {
        if (store.equals(NONE) || rank(verdict) > rank(store)) {
            store = verdict;
        }
    }

    /** The body ended; no lock released yet. */
    void bodyEnded() {
        bodyEndMicros = HistoryWriter.nowMicros();
    }

    void outcome(String outcome) {
        this.outcome = outcome;
    }

    void ended() {
        endMicros = HistoryWriter.nowMicros();
    }

    /** The {@code CALL} line, without its line end. */
    String line(String jvm, String thread) {
        boolean ran = acquiredMicros >= 0;
        return String.join(
                "\t",
                "CALL",
                jvm,
                thread,
                Long.toString(seq),
                parent == 0 ? NONE : Long.toString(parent),
                shape,
                timeoutMillis < 0 ? NONE : Long.toString(timeoutMillis),
                String.join(",", names),
                ran ? Arrays.stream(fences).mapToObj(Long::toString).collect(Collectors.joining(",")) : NONE,
                Long.toString(startMicros),
                ran ? Long.toString(acquiredMicros) : NONE,
                ran && bodyEndMicros >= 0 ? Long.toString(bodyEndMicros) : NONE,
                Long.toString(endMicros),
                outcome,
                store);
    }

    private static int rank(String verdict) {
        for (int i = 0; i < VERDICTS.length; i++) {
            if (VERDICTS[i].equals(verdict)) {
                return i;
            }
        }
        return VERDICTS.length;
    }
}
