package dev.coordination.chaos;

import java.util.List;

/**
 * One locked call, as the JVM that made it recorded it: when it asked, when its body began and
 * ended, what it got back, and the fence of every name as the body read it. Times are microseconds
 * since the epoch; {@link #NONE} stands for a time that never came (the body did not run, or the
 * call had not ended when its line was last written).
 *
 * @param parent the {@code seq} of the call this one is nested in (same thread), or {@link #NONE}
 * @param timeoutMillis the call's timeout, or {@link #NONE} when it has none
 * @param fences one per name, in the order of {@code names}; empty when the body did not run
 * @param exception the exception's class name when {@code outcome} is {@link Outcome#OTHER}, else ""
 * @param store the store's verdict on the body's write to each name, in the order of {@code names};
 *     empty when the body wrote nothing
 */
public record Call(
        String jvm,
        String thread,
        long seq,
        long parent,
        Shape shape,
        long timeoutMillis,
        List<String> names,
        List<Long> fences,
        long startMicros,
        long acquiredMicros,
        long bodyEndMicros,
        long endMicros,
        Outcome outcome,
        String exception,
        List<StoreVerdict> store) {

    /** A time, parent or timeout that is not there ({@code -} in the files). */
    public static final long NONE = -1;

    public Call {
        names = List.copyOf(names);
        fences = List.copyOf(fences);
        store = List.copyOf(store);
    }

    public CallId id() {
        return new CallId(jvm, seq);
    }

    /** Whether the body ran: every lock was held at {@link #acquiredMicros()}. */
    public boolean bodyRan() {
        return acquiredMicros != NONE;
    }

    public boolean ended() {
        return endMicros != NONE;
    }

    public boolean nested() {
        return parent != NONE;
    }

    /** The fence the body read for {@code name}, or {@link #NONE} when the body did not run. */
    public long fence(String name) {
        int index = names.indexOf(name);
        return index < 0 || fences.isEmpty() ? NONE : fences.get(index);
    }

    /** The outcome as the files write it: {@code other:ClassName} for {@link Outcome#OTHER}. */
    public String outcomeText() {
        return outcome == Outcome.OTHER ? "other:" + exception : outcome.text();
    }

    /** When the wait for the locks ended: the body's start, or the call's end when it never ran. */
    public long waitEndMicros() {
        return bodyRan() ? acquiredMicros : endMicros;
    }
}
