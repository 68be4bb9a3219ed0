package dev.coordination.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Hand-made histories for the checker's tests, in seconds from a fixed start. A section added with
 * {@link #section} also writes to the store (accepted), and the final values are the accepted
 * writes unless a test sets them, so a history built from sections alone is clean.
 */
final class HistoryBuilder {

    static final long T0 = 1_700_000_000_000_000L;

    private final Map<String, Jvm> jvms = new LinkedHashMap<>();
    private final List<Call> calls = new ArrayList<>();
    private final List<Fault> faults = new ArrayList<>();
    private final List<Long> heals = new ArrayList<>();
    private final List<StoreWrite> writes = new ArrayList<>();
    private final Map<String, Long> values = new TreeMap<>();
    private final Map<String, Long> nextSeq = new HashMap<>();
    private long end = Call.NONE;

    /**
     * Two application JVMs taking turns on names a and b, one refused {@code try}, a pause of app2 healed
     * at 5 s, both locking again after it, and the end at 20 s: a run that keeps every promise.
     */
    static HistoryBuilder cleanRun() {
        return new HistoryBuilder()
                .jvm("app1")
                .jvm("app2")
                .section("app1", "a", 1, 2.0, 2.1)
                .section("app2", "a", 2, 2.2, 2.3)
                .section("app1", "a", 3, 2.4, 2.5)
                .section("app2", "b", 1, 3.0, 3.1)
                .call("app1")
                .shape(Shape.TRY)
                .failed(4.0, 4.01)
                .add()
                .fault("f1", FaultKind.PAUSE_SHORT, "app2", 4.0, 5.0, "app1")
                .heal(5.0)
                .section("app1", "a", 4, 6.0, 6.1)
                .section("app2", "b", 2, 6.2, 6.3)
                .end(20);
    }

    static long at(double seconds) {
        return T0 + Math.round(seconds * 1e6);
    }

    /** An application JVM started at 0 s and ready at 1 s. */
    HistoryBuilder jvm(String name) {
        return jvm(name, JvmRole.APP, 0, 1);
    }

    HistoryBuilder jvm(String name, JvmRole role, double start, double ready) {
        jvms.put(name, new Jvm(name, role, "10.213.1.2", at(start), ready < 0 ? Call.NONE : at(ready), Call.NONE));
        return this;
    }

    HistoryBuilder gone(String jvm, double seconds) {
        jvms.put(jvm, jvms.get(jvm).goneAt(at(seconds)));
        return this;
    }

    HistoryBuilder fault(String id, FaultKind kind, String targets, double from, double to, String majority) {
        faults.add(new Fault(
                id, kind, list(targets), at(from), to < 0 ? Call.NONE : at(to), list(majority), "made by hand"));
        return this;
    }

    HistoryBuilder heal(double seconds) {
        heals.add(at(seconds));
        return this;
    }

    HistoryBuilder end(double seconds) {
        end = at(seconds);
        return this;
    }

    HistoryBuilder write(String name, long fence, String writer, StoreVerdict verdict, double seconds) {
        writes.add(new StoreWrite(name, fence, 0, writer, verdict, at(seconds)));
        return this;
    }

    HistoryBuilder value(String name, long value) {
        values.put(name, value);
        return this;
    }

    /** A call of {@code jvm} on thread w1 with the next seq, blocking, on name a; not added until {@link CallSpec#add}. */
    CallSpec call(String jvm) {
        return new CallSpec(jvm);
    }

    /** A returned call holding {@code name} with {@code fence} from {@code from} to {@code to}; its write is accepted. */
    HistoryBuilder section(String jvm, String name, long fence, double from, double to) {
        return call(jvm)
                .names(name)
                .fences(fence)
                .times(from - 0.001, from, to, to + 0.001)
                .accepted()
                .add();
    }

    /** The seq the next call of {@code jvm} will get. */
    long nextSeq(String jvm) {
        return nextSeq.getOrDefault(jvm, 1L);
    }

    History build() {
        Map<String, Long> finalValues = new TreeMap<>();
        for (StoreWrite write : writes) {
            if (write.verdict() == StoreVerdict.ACCEPTED) {
                finalValues.merge(write.name(), 1L, Long::sum);
            }
        }
        finalValues.putAll(values);
        return new History(new ArrayList<>(jvms.values()), calls, faults, heals, end, writes, finalValues, List.of());
    }

    /** Writes the run folder as a runner would. */
    Path writeTo(Path folder) throws IOException {
        return write(build(), folder);
    }

    /** Writes {@code history} to {@code folder} as a runner would. */
    static Path write(History history, Path folder) throws IOException {
        List<String> nemesis = new ArrayList<>();
        for (Jvm jvm : history.jvms()) {
            nemesis.add(HistoryLines.jvm(jvm));
        }
        for (Fault fault : history.faults()) {
            nemesis.add(HistoryLines.fault(fault));
        }
        for (Jvm jvm : history.jvms()) {
            if (jvm.goneMicros() != Call.NONE) {
                nemesis.add(HistoryLines.gone(jvm.name(), jvm.goneMicros()));
            }
        }
        if (history.lastHealMicros() != Call.NONE) {
            nemesis.add(HistoryLines.heal(history.lastHealMicros()));
        }
        if (history.endDeclared()) {
            nemesis.add(HistoryLines.end(history.endMicros()));
        }
        Files.write(folder.resolve(HistoryReader.NEMESIS_FILE), nemesis);
        List<String> store = new ArrayList<>();
        history.writes().forEach(write -> store.add(HistoryLines.write(write)));
        history.finalValues().forEach((name, value) -> store.add(HistoryLines.value(name, value)));
        Files.write(folder.resolve(HistoryReader.STORE_FILE), store);
        for (Jvm jvm : history.applicationJvms()) {
            List<String> lines = history.calls().stream()
                    .filter(call -> call.jvm().equals(jvm.name()))
                    .map(HistoryLines::call)
                    .toList();
            Files.write(HistoryReader.historyFile(folder, jvm.name()), lines);
        }
        return folder;
    }

    private static List<String> list(String items) {
        return items == null || items.isEmpty() || items.equals("-") ? List.of() : Arrays.asList(items.split(","));
    }

    /** One call being made; {@link #add()} puts it in the history. */
    final class CallSpec {
        private final String jvm;
        private String thread = "w1";
        private long seq;
        private long parent = Call.NONE;
        private Shape shape = Shape.BLOCKING;
        private long timeoutMillis = Call.NONE;
        private List<String> names = List.of("a");
        private List<Long> fences = List.of();
        private long start;
        private long acquired = Call.NONE;
        private long bodyEnd = Call.NONE;
        private long end = Call.NONE;
        private Outcome outcome = Outcome.UNFINISHED;
        private boolean accepted;
        private List<StoreVerdict> store = List.of();

        private CallSpec(String jvm) {
            this.jvm = jvm;
            this.seq = nextSeq(jvm);
        }

        CallSpec thread(String thread) {
            this.thread = thread;
            return this;
        }

        CallSpec parent(long parent) {
            this.parent = parent;
            this.shape = Shape.NESTED;
            return this;
        }

        CallSpec shape(Shape shape) {
            this.shape = shape;
            return this;
        }

        CallSpec timeout(long millis) {
            this.timeoutMillis = millis;
            if (shape == Shape.BLOCKING) {
                shape = Shape.TIMEOUT;
            }
            return this;
        }

        CallSpec names(String... names) {
            this.names = List.of(names);
            return this;
        }

        CallSpec fences(Long... fences) {
            this.fences = List.of(fences);
            return this;
        }

        /** Start, body start, body end and end, in seconds; negative for a time that never came. */
        CallSpec times(double start, double acquired, double bodyEnd, double end) {
            this.start = at(start);
            this.acquired = acquired < 0 ? Call.NONE : at(acquired);
            this.bodyEnd = bodyEnd < 0 ? Call.NONE : at(bodyEnd);
            this.end = end < 0 ? Call.NONE : at(end);
            if (end >= 0 && outcome == Outcome.UNFINISHED) {
                outcome = acquired < 0 ? Outcome.ACQUIRE_FAILED : Outcome.RETURNED;
            }
            if (end < 0) {
                outcome = Outcome.UNFINISHED;
            }
            return this;
        }

        /** A call that waited from {@code start} until it failed at {@code end}. */
        CallSpec failed(double start, double end) {
            return times(start, -1, -1, end);
        }

        boolean isTry() {
            return shape == Shape.TRY;
        }

        CallSpec outcome(Outcome outcome) {
            this.outcome = outcome;
            return this;
        }

        /** Its body's write to each name was accepted by the store. */
        CallSpec accepted() {
            this.accepted = true;
            return this;
        }

        /** What the store told the body of its write to each name (no store line is added). */
        CallSpec store(StoreVerdict... verdicts) {
            this.store = List.of(verdicts);
            return this;
        }

        HistoryBuilder add() {
            nextSeq.put(jvm, seq + 1);
            List<StoreVerdict> store = new ArrayList<>(this.store);
            if (accepted) {
                for (int index = 0; index < names.size(); index++) {
                    store.add(StoreVerdict.ACCEPTED);
                    writes.add(new StoreWrite(
                            names.get(index), fences.get(index), 0, jvm + ":" + seq, StoreVerdict.ACCEPTED, bodyEnd));
                }
            }
            calls.add(new Call(
                    jvm,
                    thread,
                    seq,
                    parent,
                    shape,
                    timeoutMillis,
                    names,
                    fences,
                    start,
                    acquired,
                    bodyEnd,
                    end,
                    outcome,
                    outcome == Outcome.OTHER ? "java.lang.IllegalStateException" : "",
                    store));
            return HistoryBuilder.this;
        }
    }
}
