package dev.coordination.chaos;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything one run recorded, read back whole: the JVMs and their lives, every call, every fault,
 * the heal, and the store's writes and final values. The checks and pictures read only this, so a
 * run kept on disk can be judged again by the same code that judged it live.
 */
public final class History {

    private final Map<String, Jvm> jvms = new LinkedHashMap<>();
    private final List<Call> calls;
    private final Map<CallId, Call> callsById = new LinkedHashMap<>();
    private final List<Fault> faults;
    private final List<Long> heals;
    private final long declaredEndMicros;
    private final List<StoreWrite> writes;
    private final Map<String, Long> finalValues;
    private final List<String> notes;

    /**
     * @param declaredEndMicros the run's {@code END}, or {@link Call#NONE} when it wrote none
     * @param notes what the reader passed over and why, for the report
     */
    public History(
            List<Jvm> jvms,
            List<Call> calls,
            List<Fault> faults,
            List<Long> heals,
            long declaredEndMicros,
            List<StoreWrite> writes,
            Map<String, Long> finalValues,
            List<String> notes) {
        jvms.forEach(jvm -> this.jvms.put(jvm.name(), jvm));
        List<Call> sorted = new ArrayList<>(calls);
        sorted.sort(Comparator.comparingLong(Call::startMicros).thenComparing(Call::id));
        this.calls = List.copyOf(sorted);
        this.calls.forEach(call -> callsById.put(call.id(), call));
        List<Fault> faultsByStart = new ArrayList<>(faults);
        faultsByStart.sort(Comparator.comparingLong(Fault::startMicros));
        this.faults = List.copyOf(faultsByStart);
        this.heals = List.copyOf(heals);
        this.declaredEndMicros = declaredEndMicros;
        this.writes = List.copyOf(writes);
        this.finalValues = Collections.unmodifiableMap(new TreeMap<>(finalValues));
        this.notes = List.copyOf(notes);
    }

    /** Every JVM, in the order the nemesis listed them. */
    public List<Jvm> jvms() {
        return List.copyOf(jvms.values());
    }

    /** The JVMs that make calls. */
    public List<Jvm> applicationJvms() {
        return jvms.values().stream().filter(Jvm::application).toList();
    }

    /** The JVM named {@code name}, or null. */
    public Jvm jvm(String name) {
        return jvms.get(name);
    }

    /** Every call, by start time. */
    public List<Call> calls() {
        return calls;
    }

    /** The call {@code id}, or null when its JVM wrote no line for it. */
    public Call call(CallId id) {
        return callsById.get(id);
    }

    /** Every fault, by start time. */
    public List<Fault> faults() {
        return faults;
    }

    public List<StoreWrite> writes() {
        return writes;
    }

    /** The store's value of each name when the run ended. */
    public Map<String, Long> finalValues() {
        return finalValues;
    }

    /** Lines the reader passed over, each with its reason. */
    public List<String> notes() {
        return notes;
    }

    /** The last heal (every fault over from here on), or {@link Call#NONE} when there was none. */
    public long lastHealMicros() {
        return heals.stream().mapToLong(Long::longValue).max().orElse(Call.NONE);
    }

    /** Whether the run wrote its {@code END}; without it the end is the last time it recorded. */
    public boolean endDeclared() {
        return declaredEndMicros != Call.NONE;
    }

    /**
     * When the workload stopped: a JVM gone before this was killed, one gone after was stopped. A run
     * without {@code END} ends at the last time it recorded other than a JVM's end, so the JVMs stopped
     * after the last call count as stopped, not killed.
     */
    public long endMicros() {
        return endDeclared() ? declaredEndMicros : lastRecordedMicros();
    }

    /** The first time the run recorded; the picture's and the report's zero. */
    public long startMicros() {
        long start = Long.MAX_VALUE;
        for (Jvm jvm : jvms.values()) {
            start = Math.min(start, jvm.startMicros());
        }
        for (Call call : calls) {
            start = Math.min(start, call.startMicros());
        }
        for (Fault fault : faults) {
            start = Math.min(start, fault.startMicros());
        }
        return start == Long.MAX_VALUE ? 0 : start;
    }

    /** Whether {@code jvm} was still there when the workload stopped. */
    public boolean aliveAtEnd(Jvm jvm) {
        return !jvm.goneBefore(endMicros());
    }

    /** When {@code jvm}'s life ended within the run: its death, or the run's end. */
    public long lifeEndMicros(Jvm jvm) {
        return jvm.goneBefore(endMicros()) ? jvm.goneMicros() : endMicros();
    }

    /** Every lock name the calls or the store used, sorted. */
    public SortedSet<String> names() {
        SortedSet<String> names = new TreeSet<>();
        calls.forEach(call -> names.addAll(call.names()));
        writes.forEach(write -> names.add(write.name()));
        names.addAll(finalValues.keySet());
        return names;
    }

    private long lastRecordedMicros() {
        long last = 0;
        for (Jvm jvm : jvms.values()) {
            last = Math.max(last, Math.max(jvm.startMicros(), jvm.readyMicros()));
        }
        for (Call call : calls) {
            last = Math.max(last, Math.max(call.startMicros(), Math.max(call.acquiredMicros(), call.endMicros())));
            last = Math.max(last, call.bodyEndMicros());
        }
        for (Fault fault : faults) {
            last = Math.max(last, Math.max(fault.startMicros(), fault.endMicros()));
        }
        for (long heal : heals) {
            last = Math.max(last, heal);
        }
        for (StoreWrite write : writes) {
            last = Math.max(last, write.atMicros());
        }
        return last;
    }
}
