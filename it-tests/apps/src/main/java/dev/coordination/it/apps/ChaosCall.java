package dev.coordination.it.apps;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * One call of a chaos worker, filled in as it goes (start, body, end, outcome, the store's verdict
 * for each name) and rendered as a {@code CALL} line of the history when it starts, when its body
 * begins and when it ends: the last line of a call is the call, and the earlier ones show a call
 * cut short by a kill, or one that never ended.
 */
final class ChaosCall {

    private static final String NONE = "-";

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
    private long endMicros = -1;
    private String outcome = "returned";
    private final String[] stores;

    /** @param parent the seq of the call this one is nested in, or 0 */
    ChaosCall(long seq, long parent, String shape, long timeoutMillis, String... names) {
        this.seq = seq;
        this.parent = parent;
        this.shape = shape;
        this.timeoutMillis = timeoutMillis;
        this.names = names;
        this.fences = new long[names.length];
        this.stores = new String[names.length];
        Arrays.fill(stores, NONE);
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

    /** The store's verdict on the write of name {@code index}. */
    void stored(int index, String verdict) {
        stores[index] = verdict;
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
                endMicros >= 0 ? Long.toString(endMicros) : NONE,
                endMicros >= 0 ? outcome : NONE,
                Arrays.stream(stores).allMatch(NONE::equals) ? NONE : String.join(",", stores));
    }
}
