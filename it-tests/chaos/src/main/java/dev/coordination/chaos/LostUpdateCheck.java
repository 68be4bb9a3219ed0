package dev.coordination.chaos;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds lost updates: a name whose final value in the store is not the number of writes the store
 * accepted for it (each accepted write adds one), and every write the store itself judged a lost
 * update, whether the store's log or the writing call reports it.
 */
final class LostUpdateCheck {

    private LostUpdateCheck() {}

    static List<Violation> find(History history) {
        List<Violation> found = new ArrayList<>();
        for (String name : history.names()) {
            List<StoreWrite> writes = history.writes().stream()
                    .filter(write -> write.name().equals(name))
                    .toList();
            long accepted = writes.stream()
                    .filter(write -> write.verdict() == StoreVerdict.ACCEPTED)
                    .count();
            Long value = history.finalValues().get(name);
            // a final value shows that updates were lost, not when: its moment is the name's last write
            long at = writes.isEmpty()
                    ? history.endMicros()
                    : writes.get(writes.size() - 1).atMicros();
            if (value == null && accepted > 0) {
                found.add(violation(
                        name,
                        List.of(),
                        at,
                        at,
                        "the store accepted " + accepted + " writes to " + name
                                + " but store.tsv has no VALUE for it"));
            } else if (value != null && value != accepted) {
                found.add(violation(
                        name,
                        List.of(),
                        at,
                        at,
                        name + " ended at " + value + " in the store, which"
                                + " accepted " + accepted + " writes to it: " + Math.abs(accepted - value)
                                + " update(s) "
                                + (value < accepted ? "lost" : "too many")));
            }
        }
        Set<String> reported = new HashSet<>();
        for (StoreWrite write : history.writes()) {
            if (write.verdict() == StoreVerdict.LOST_UPDATE) {
                reported.add(write.name() + "\t" + write.writer());
                CallId writer = write.writerCall();
                found.add(violation(
                        write.name(),
                        writer == null ? List.of() : List.of(writer),
                        write.atMicros(),
                        write.atMicros(),
                        write.writer() + " wrote " + write.name() + " with fence " + write.fence() + " from value "
                                + write.readValue() + ", which had changed since it read it: the store judged it a"
                                + " lost update"));
            }
        }
        for (Call call : history.calls()) {
            for (int index = 0; index < call.store().size(); index++) {
                String name = call.names().get(index);
                if (call.store().get(index) == StoreVerdict.LOST_UPDATE && reported.add(name + "\t" + call.id())) {
                    long at = call.bodyEndMicros() != Call.NONE ? call.bodyEndMicros() : call.acquiredMicros();
                    found.add(violation(
                            name,
                            List.of(call.id()),
                            at,
                            at,
                            call.id() + " was told its write to " + name + " was a lost update (store.tsv does not"
                                    + " have that write)"));
                }
            }
        }
        return found;
    }

    private static Violation violation(String name, List<CallId> calls, long from, long to, String why) {
        return new Violation(Property.LOST_UPDATE, List.of(name), calls, Violation.jvmsOf(calls), from, to, why);
    }
}
