package dev.coordination.chaos;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The grants of a run, name by name: every section of every call whose body ran, except a nested
 * call re-entering a name an enclosing call of its thread already holds. Such a re-entry takes no
 * lock (the agent counts it on the thread) and shares its parent's fence, so it is neither a grant
 * nor a section of its own.
 */
public final class Sections {

    private static final int MAX_NESTING = 64;

    private final Map<String, List<Section>> byName = new TreeMap<>();

    private Sections(History history) {
        for (Call call : history.calls()) {
            if (!call.bodyRan()) {
                continue;
            }
            for (String name : call.names()) {
                if (enclosingHolder(history, call, name) == null) {
                    byName.computeIfAbsent(name, any -> new ArrayList<>()).add(section(history, call, name));
                }
            }
        }
        byName.values()
                .forEach(sections -> sections.sort(Comparator.comparingLong(Section::fromMicros)
                        .thenComparing(section -> section.call().id())));
    }

    public static Sections of(History history) {
        return new Sections(history);
    }

    /** The sections of {@code name}, by start. */
    public List<Section> of(String name) {
        return byName.getOrDefault(name, List.of());
    }

    /** The names with at least one section, sorted. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /**
     * The closest enclosing call (parent, grandparent, ...) that holds {@code name}, when
     * {@code call} is a nested re-entry of it; null when {@code call} takes {@code name} itself.
     */
    public static Call enclosingHolder(History history, Call call, String name) {
        Call current = call;
        for (int depth = 0; depth < MAX_NESTING && current.nested(); depth++) {
            current = history.call(new CallId(current.jvm(), current.parent()));
            if (current == null) {
                return null;
            }
            if (current.names().contains(name) && current.thread().equals(call.thread())) {
                return current;
            }
        }
        return null;
    }

    private static Section section(History history, Call call, String name) {
        long fence = call.fence(name);
        if (call.bodyEndMicros() != Call.NONE) {
            return new Section(call, name, fence, call.acquiredMicros(), call.bodyEndMicros(), Section.Ending.BODY_END);
        }
        if (call.ended()) {
            return new Section(call, name, fence, call.acquiredMicros(), call.endMicros(), Section.Ending.CALL_END);
        }
        Jvm jvm = history.jvm(call.jvm());
        if (jvm != null && jvm.goneBefore(history.endMicros())) {
            long death = Math.max(jvm.goneMicros(), call.acquiredMicros());
            return new Section(call, name, fence, call.acquiredMicros(), death, Section.Ending.JVM_GONE);
        }
        long end = Math.max(history.endMicros(), call.acquiredMicros());
        return new Section(call, name, fence, call.acquiredMicros(), end, Section.Ending.RUN_END);
    }
}
