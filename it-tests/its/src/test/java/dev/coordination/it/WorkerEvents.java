package dev.coordination.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The calls of one JVM's fenced workers ({@code WORK} of {@code ScenarioApp}), read from its events
 * file: one line per call, {@code EPOCH_MILLIS KIND NAME FENCE MILLIS}.
 */
final class WorkerEvents {

    record Event(long atMillis, String kind, String name, long fence, long millis) {}

    final String jvm;
    private final Path file;

    WorkerEvents(Path dir, String jvm, String tag) {
        this.jvm = jvm;
        this.file = dir.resolve("events-" + jvm + "-" + tag + ".log");
    }

    List<Event> all() throws IOException {
        List<Event> events = new ArrayList<>();
        if (!Files.exists(file)) {
            return events;
        }
        for (String line : Files.readAllLines(file)) {
            String[] f = line.split(" ");
            if (f.length == 5) {
                events.add(new Event(Long.parseLong(f[0]), f[1], f[2], Long.parseLong(f[3]), Long.parseLong(f[4])));
            }
        }
        return events;
    }

    List<Event> matching(Predicate<Event> filter) throws IOException {
        return all().stream().filter(filter).toList();
    }

    /** Waits until an event matches; returns it, or fails after {@code seconds} with what was seen. */
    Event await(String what, Predicate<Event> filter, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            List<Event> found = matching(filter);
            if (!found.isEmpty()) {
                return found.get(0);
            }
            if (System.nanoTime() > deadline) {
                List<Event> all = all();
                throw new AssertionError(jvm + ": no " + what + " within " + seconds + " s; its last calls: "
                        + all.subList(Math.max(0, all.size() - 10), all.size()));
            }
            Thread.sleep(50);
        }
    }
}
