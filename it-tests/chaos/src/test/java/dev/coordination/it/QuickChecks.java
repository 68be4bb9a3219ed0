package dev.coordination.it;

import dev.coordination.it.RunFiles.Call;
import dev.coordination.it.RunFiles.Fault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The runner's own sanity checks of a run, to debug the runner until the history checker of the
 * chaos module's main code reads the same files. Failures (the run is wrong): a lost update, a call
 * that did not end when the workers stopped, a JVM alive at the end that never locked after the
 * heal. Suspicious (printed with their evidence, for a person to judge): two holders of a name at
 * once, a fence that went back, a call that outlived its bound. Both go to {@code quick-check.txt}.
 */
final class QuickChecks {

    private static final long SLACK_MICROS = 200_000;
    private static final long TRY_BOUND_MICROS = 5_000_000;
    /** A call without a timeout fails about 32 s after the cluster went silent (2 s for the lock, 30 s for an answer). */
    private static final long BLOCKING_BOUND_MICROS = 33_000_000;

    private static final long RELEASE_BOUND_MICROS = 30_000_000;

    final List<String> failures = new ArrayList<>();
    final List<String> suspicious = new ArrayList<>();
    private final RunFiles files;
    private final StringBuilder summary = new StringBuilder();

    private QuickChecks(RunFiles files) {
        this.files = files;
    }

    static QuickChecks run(Path dir, Collection<String> aliveAtEnd, Map<String, String> stopReplies)
            throws IOException {
        QuickChecks checks = new QuickChecks(RunFiles.read(dir));
        checks.summarize();
        checks.lostUpdates();
        checks.stopped(stopReplies);
        checks.recovered(aliveAtEnd);
        checks.twoHolders();
        checks.fences();
        checks.bounds();
        StringBuilder text = new StringBuilder(checks.summary);
        checks.failures.forEach(line -> text.append("FAILURE ").append(line).append('\n'));
        checks.suspicious.forEach(
                line -> text.append("SUSPICIOUS ").append(line).append('\n'));
        Files.writeString(dir.resolve("quick-check.txt"), text);
        return checks;
    }

    String summary() {
        return summary.toString();
    }

    private void summarize() {
        Map<String, Map<String, Long>> byJvm = new TreeMap<>();
        for (Call call : files.calls) {
            Map<String, Long> counts = byJvm.computeIfAbsent(call.jvm(), jvm -> new TreeMap<>());
            counts.merge(call.outcome(), 1L, Long::sum);
            counts.merge("store " + call.store(), 1L, Long::sum);
        }
        summary.append(String.format("%,d calls%n", files.calls.size()));
        byJvm.forEach((jvm, counts) ->
                summary.append("  ").append(jvm).append(": ").append(counts).append('\n'));
        Map<String, Long> kinds =
                files.faults.stream().collect(Collectors.groupingBy(Fault::kind, TreeMap::new, Collectors.counting()));
        summary.append(String.format("%d faults: %s%n", files.faults.size(), kinds));
        files.faults.stream()
                .filter(fault -> fault.detail().startsWith("failed"))
                .forEach(fault -> summary.append("  failed ").append(fault).append('\n'));
    }

    private void lostUpdates() {
        for (Call call : files.calls) {
            if (call.store().equals("lost-update")) {
                failures.add(
                        "lost update by " + describe(call) + "; bodies on its names around it: " + overlapping(call));
            }
        }
    }

    private void stopped(Map<String, String> stopReplies) {
        stopReplies.forEach((jvm, reply) -> {
            if (!reply.startsWith("OK")) {
                failures.add(jvm + "'s workers did not stop: " + reply);
            }
        });
    }

    private void recovered(Collection<String> aliveAtEnd) {
        for (String jvm : aliveAtEnd) {
            boolean locked = files.calls.stream()
                    .anyMatch(call ->
                            call.jvm().equals(jvm) && call.outcome().equals("returned") && call.start() >= files.heal);
            if (!locked) {
                failures.add(jvm + " made no successful call after the final heal");
            }
        }
    }

    /** Bodies on one name of two threads at once, both of which returned normally (neither saw a loss). */
    private void twoHolders() {
        for (Map.Entry<String, List<Call>> entry : bodiesByName().entrySet()) {
            List<Call> bodies = entry.getValue();
            for (int i = 0; i < bodies.size(); i++) {
                Call a = bodies.get(i);
                for (int j = i + 1; j < bodies.size() && bodies.get(j).acquired() < a.bodyEnd(); j++) {
                    Call b = bodies.get(j);
                    if (!nested(a, b)
                            && a.outcome().equals("returned")
                            && b.outcome().equals("returned")) {
                        suspicious.add("two holders of " + entry.getKey() + ": " + describe(a) + " and " + describe(b));
                    }
                }
            }
        }
    }

    /** Per name, in the order bodies began: a fence smaller than one before it, or one fence for two holds. */
    private void fences() {
        for (Map.Entry<String, List<Call>> entry : bodiesByName().entrySet()) {
            Call last = null;
            for (Call call : entry.getValue()) {
                if (!call.outcome().equals("returned")) {
                    continue;
                }
                if (last != null) {
                    long before = fence(last, entry.getKey());
                    long now = fence(call, entry.getKey());
                    if (now < before) {
                        suspicious.add("fence went back on " + entry.getKey() + ": " + describe(last) + " then "
                                + describe(call));
                    } else if (now == before && !nested(last, call)) {
                        suspicious.add("one fence for two holds of " + entry.getKey() + ": " + describe(last) + " and "
                                + describe(call));
                    }
                }
                last = call;
            }
        }
    }

    /**
     * A call with a timeout must end by its deadline plus 0.2 s, one that does not wait within 5 s,
     * unless its own JVM was stopped meanwhile. A call without a timeout may wait as long as the
     * lock is held, and fails about 32 s after the cluster went silent, which only the checker can
     * tell from the faults: here it is flagged only when it failed later than that with no fault
     * around it. A release must answer within 30 s.
     */
    private void bounds() {
        for (Call call : files.calls) {
            if (paused(call)) {
                continue;
            }
            long wait = call.waitMicros();
            if (call.timeoutMillis() >= 0) {
                long bound = call.timeoutMillis() > 0 ? call.timeoutMillis() * 1_000 + SLACK_MICROS : TRY_BOUND_MICROS;
                if (wait > bound) {
                    suspicious.add(String.format(
                            "outlived its bound (%.1f s): %.3f s to %s: %s",
                            bound / 1e6, wait / 1e6, call.ran() ? "the lock" : "failing", describe(call)));
                }
            } else if (!call.ran() && wait > BLOCKING_BOUND_MICROS && !faulted(call)) {
                suspicious.add(String.format(
                        "failed %.1f s after it began, with no fault around it: %s", wait / 1e6, describe(call)));
            }
            if (call.ran()
                    && call.bodyEnd() >= 0
                    && call.end() - call.bodyEnd() > RELEASE_BOUND_MICROS + SLACK_MICROS) {
                suspicious.add(
                        String.format("release took %.1f s: %s", (call.end() - call.bodyEnd()) / 1e6, describe(call)));
            }
        }
    }

    private boolean faulted(Call call) {
        return files.faults.stream().anyMatch(fault -> fault.start() < call.end() && fault.end() > call.start());
    }

    /** Whether the call's JVM was stopped (SIGSTOP) while the call ran: its clock stood still. */
    private boolean paused(Call call) {
        return files.faults.stream()
                .anyMatch(fault -> fault.kind().startsWith("pause")
                        && fault.targets().contains(call.jvm())
                        && fault.start() < call.end()
                        && fault.end() > call.start());
    }

    private Map<String, List<Call>> bodiesByName() {
        Map<String, List<Call>> byName = new TreeMap<>();
        for (Call call : files.calls) {
            if (call.ran() && call.bodyEnd() >= 0) {
                for (String name : call.names()) {
                    byName.computeIfAbsent(name, n -> new ArrayList<>()).add(call);
                }
            }
        }
        byName.values().forEach(list -> list.sort(Comparator.comparingLong(Call::acquired)));
        return byName;
    }

    private String overlapping(Call call) {
        return files.calls.stream()
                .filter(other -> other != call
                        && other.ran()
                        && other.names().stream().anyMatch(call.names()::contains)
                        && other.acquired() < call.end()
                        && (other.bodyEnd() < 0 || other.bodyEnd() > call.start() - 1_000_000))
                .map(QuickChecks::describe)
                .collect(Collectors.joining("; "));
    }

    /** One call made inside the other's body: a reentrant hold shares its parent's fence. */
    private static boolean nested(Call a, Call b) {
        return a.jvm().equals(b.jvm())
                && (a.parent().equals(Long.toString(b.seq())) || b.parent().equals(Long.toString(a.seq())));
    }

    private static long fence(Call call, String name) {
        return call.fences().get(call.names().indexOf(name));
    }

    private static String describe(Call call) {
        return String.format(
                "%s %s %s %s timeout=%d names=%s fences=%s start=%d acquired=%d bodyEnd=%d end=%d %s store=%s",
                call.id(),
                call.thread(),
                call.parent().equals("-") ? "" : "in " + call.parent(),
                call.shape(),
                call.timeoutMillis(),
                call.names(),
                call.fences(),
                call.start(),
                call.acquired(),
                call.bodyEnd(),
                call.end(),
                call.outcome(),
                call.store());
    }
}
