package dev.coordination.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * When a JVM sat on the majority side of every fault in force, with at least one in force: the
 * cluster around it was disturbed (a member cut off, stopped, killed or being replaced, a leader
 * being elected), not silent to it. Such a cluster answers a waiting call that its lock is still
 * held, and may rightly keep it held for a while: a lock whose holder was lost stays held until the
 * holder's session ends, a TTL after its last heartbeat, and each new Raft leader gives every
 * session a fresh TTL. Time when the JVM was itself cut off or stopped is not majority-side time.
 */
final class MajoritySide {

    private final List<Fault> faults;
    private final long runEndMicros;

    private MajoritySide(History history) {
        faults = history.faults();
        runEndMicros = history.endMicros();
    }

    static MajoritySide of(History history) {
        return new MajoritySide(history);
    }

    /** How long within [fromMicros, toMicros] {@code jvm} sat on the majority side of every fault in force. */
    long micros(String jvm, long fromMicros, long toMicros) {
        if (toMicros <= fromMicros) {
            return 0;
        }
        TreeSet<Long> points = new TreeSet<>(List.of(fromMicros, toMicros));
        for (Fault fault : faults) {
            for (long point : new long[] {fault.startMicros(), fault.endOr(runEndMicros)}) {
                if (point > fromMicros && point < toMicros) {
                    points.add(point);
                }
            }
        }
        List<Long> sorted = new ArrayList<>(points);
        long total = 0;
        for (int i = 0; i + 1 < sorted.size(); i++) {
            if (majorityOfAll(jvm, sorted.get(i))) {
                total += sorted.get(i + 1) - sorted.get(i);
            }
        }
        return total;
    }

    private boolean majorityOfAll(String jvm, long micros) {
        boolean any = false;
        for (Fault fault : faults) {
            if (fault.activeAt(micros, runEndMicros)) {
                if (!fault.majority().contains(jvm)) {
                    return false;
                }
                any = true;
            }
        }
        return any;
    }
}
