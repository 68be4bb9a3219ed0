package dev.coordination.chaos;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one JVM's {@code history-JVM.tsv}. A JVM may write a call more than once (when it starts,
 * when its body begins, when it ends) so that a call cut short by a kill is still seen; the last line
 * of a {@code seq} is the call.
 */
final class CallLines {

    static final String[] FIELDS = {
        "jvm",
        "thread",
        "seq",
        "parent",
        "shape",
        "timeoutMillis",
        "names",
        "fences",
        "startMicros",
        "acquiredMicros",
        "bodyEndMicros",
        "endMicros",
        "outcome",
        "store"
    };

    private final String jvm;
    private final Map<Long, Call> calls = new LinkedHashMap<>();
    private final Map<Long, Integer> lineOfSeq = new LinkedHashMap<>();

    private CallLines(String jvm) {
        this.jvm = jvm;
    }

    /** The calls of {@code path}, written by {@code jvm}. */
    static List<Call> read(Path path, String jvm, List<String> notes) throws IOException {
        CallLines lines = new CallLines(jvm);
        TsvFile.read(path, lines::read, notes);
        return new ArrayList<>(lines.calls.values());
    }

    private void read(TsvLine line) throws HistoryFormatException {
        if (!line.kind().equals("CALL")) {
            throw line.error("unknown line kind '" + line.kind() + "' (a history has only CALL lines)");
        }
        Call call = call(line.expect(FIELDS));
        Call earlier = calls.get(call.seq());
        if (earlier != null
                && (!earlier.thread().equals(call.thread()) || earlier.startMicros() != call.startMicros())) {
            throw line.error("seq " + call.seq() + " was written at line " + lineOfSeq.get(call.seq())
                    + " for another call (thread " + earlier.thread() + ", startMicros " + earlier.startMicros()
                    + "); a JVM numbers its calls once each");
        }
        calls.put(call.seq(), call);
        lineOfSeq.put(call.seq(), line.number());
    }

    private Call call(TsvLine line) throws HistoryFormatException {
        String writer = line.text("jvm");
        if (!writer.equals(jvm)) {
            throw line.error("jvm '" + writer + "' in the history of " + jvm);
        }
        List<String> names = line.list("names");
        if (names.isEmpty()) {
            throw line.error("names is - (a call names at least one lock)");
        }
        List<Long> fences = line.numbers("fences");
        long acquired = line.numberOrNone("acquiredMicros");
        long bodyEnd = line.numberOrNone("bodyEndMicros");
        long end = line.numberOrNone("endMicros");
        if (!fences.isEmpty() && fences.size() != names.size()) {
            throw line.error(fences.size() + " fences for " + names.size() + " names");
        }
        if (fences.isEmpty() != (acquired == Call.NONE)) {
            throw line.error("acquiredMicros and fences must both be set (the body ran) or both be -");
        }
        if (bodyEnd != Call.NONE && acquired == Call.NONE) {
            throw line.error("bodyEndMicros is set but acquiredMicros is -");
        }
        String outcomeText = line.text("outcome");
        Outcome outcome;
        String exception = "";
        if (outcomeText.startsWith("other:") && outcomeText.length() > "other:".length()) {
            outcome = Outcome.OTHER;
            exception = outcomeText.substring("other:".length());
        } else {
            outcome = line.choice("outcome", outcomeText, Outcome.values(), CallLines::outcomeWord);
        }
        if ((outcome == Outcome.UNFINISHED) != (end == Call.NONE)) {
            throw line.error("endMicros and outcome must both be set (the call ended) or both be -");
        }
        Shape shape = line.choice("shape", Shape.values(), Shape::text);
        long timeoutMillis = line.numberOrNone("timeoutMillis");
        if (shape == Shape.TIMEOUT && timeoutMillis == Call.NONE) {
            throw line.error("shape timeout needs its timeoutMillis");
        }
        if (shape == Shape.BLOCKING && timeoutMillis != Call.NONE) {
            throw line.error("shape blocking has no timeout (timeoutMillis -)");
        }
        if (shape == Shape.TRY && timeoutMillis != Call.NONE && timeoutMillis != 0) {
            throw line.error("shape try does not wait (timeoutMillis - or 0)");
        }
        List<StoreVerdict> store = new ArrayList<>();
        for (String verdict : line.list("store")) {
            store.add(line.choice("store", verdict, StoreVerdict.values(), StoreVerdict::text));
        }
        if (!store.isEmpty() && store.size() != names.size()) {
            throw line.error(store.size() + " store verdicts for " + names.size() + " names (one per name, - for"
                    + " a name not written)");
        }
        return new Call(
                writer,
                line.text("thread"),
                line.number("seq"),
                line.numberOrNone("parent"),
                shape,
                timeoutMillis,
                names,
                fences,
                line.number("startMicros"),
                acquired,
                bodyEnd,
                end,
                outcome,
                exception,
                store);
    }

    private static String outcomeWord(Outcome outcome) {
        return outcome == Outcome.OTHER ? "other:ClassName" : outcome.text();
    }
}
