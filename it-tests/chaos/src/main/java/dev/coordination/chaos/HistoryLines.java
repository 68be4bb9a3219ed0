package dev.coordination.chaos;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The lines of a run's files, written exactly as {@link HistoryReader} reads them, for whoever
 * records a run in Java. Each method returns one line without its newline.
 */
public final class HistoryLines {

    private HistoryLines() {}

    /** A {@code CALL} line of {@code history-JVM.tsv}. */
    public static String call(Call call) {
        return String.join(
                "\t",
                "CALL",
                call.jvm(),
                call.thread(),
                Long.toString(call.seq()),
                orNone(call.parent()),
                call.shape().text(),
                orNone(call.timeoutMillis()),
                String.join(",", call.names()),
                list(call.fences().stream().map(String::valueOf).toList()),
                Long.toString(call.startMicros()),
                orNone(call.acquiredMicros()),
                orNone(call.bodyEndMicros()),
                orNone(call.endMicros()),
                call.outcomeText(),
                list(call.store().stream().map(StoreVerdict::text).toList()));
    }

    /** A {@code JVM} line of {@code nemesis.tsv} ({@code goneMicros} is written as a {@code GONE} line). */
    public static String jvm(Jvm jvm) {
        return String.join(
                "\t",
                "JVM",
                jvm.name(),
                jvm.role().text(),
                jvm.host(),
                Long.toString(jvm.startMicros()),
                orNone(jvm.readyMicros()));
    }

    /** A {@code GONE} line: {@code jvm} was killed, or stopped at the end. */
    public static String gone(String jvm, long micros) {
        return "GONE\t" + jvm + "\t" + micros;
    }

    /** A {@code FAULT} line. */
    public static String fault(Fault fault) {
        return String.join(
                "\t",
                "FAULT",
                fault.id(),
                fault.kind().text(),
                list(fault.targets()),
                Long.toString(fault.startMicros()),
                orNone(fault.endMicros()),
                list(fault.majority()),
                fault.detail().replace('\t', ' ').replace('\n', ' '));
    }

    /** A {@code HEAL} line: every fault is over from {@code micros} on. */
    public static String heal(long micros) {
        return "HEAL\t" + micros;
    }

    /** The {@code END} line: the workload stopped; JVMs gone after this were stopped, not killed. */
    public static String end(long micros) {
        return "END\t" + micros;
    }

    /** A {@code WRITE} line of {@code store.tsv}. */
    public static String write(StoreWrite write) {
        return String.join(
                "\t",
                "WRITE",
                write.name(),
                Long.toString(write.fence()),
                Long.toString(write.readValue()),
                write.writer(),
                write.verdict().text(),
                Long.toString(write.atMicros()));
    }

    /** A {@code VALUE} line: the store's value of {@code name} when the run ended. */
    public static String value(String name, long value) {
        return "VALUE\t" + name + "\t" + value;
    }

    private static String orNone(long value) {
        return value == Call.NONE ? "-" : Long.toString(value);
    }

    private static String list(List<String> items) {
        return items.isEmpty() ? "-" : items.stream().collect(Collectors.joining(","));
    }
}
