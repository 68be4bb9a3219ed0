package dev.coordination.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coordination.it.ScenarioClient.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exclusion at scale, checked from what the JVMs left in the shared directory: every JVM runs
 * threads of read-modify-write sections at once and records, per section, the counter value it read
 * and its fence. Exclusive sections read every value from 0 exactly once (no lost update), and
 * ordered by that shared state their fences strictly increase (the order the cluster granted the
 * lock is the order the state changed).
 */
final class ExclusionAtScale {

    private final ScenarioCluster cluster;

    ExclusionAtScale(ScenarioCluster cluster) {
        this.cluster = cluster;
    }

    void runAndCheck(String prefix, int locks, int threads, int calls) throws Exception {
        runAndCheck("COUNT", prefix, locks, threads, calls);
    }

    /**
     * As {@link #runAndCheck(String, int, int, int)}, with another command of the same shape ({@code
     * VCOUNT}: on virtual threads); returns the JVMs' replies.
     */
    List<Reply> runAndCheck(String verb, String prefix, int locks, int threads, int calls) throws Exception {
        long begin = System.nanoTime();
        String command = verb + " " + prefix + " " + locks + " " + threads + " " + calls;
        List<Reply> replies = cluster.onAll(jvm -> jvm.ok(command, 300));
        long millis = (System.nanoTime() - begin) / 1_000_000;
        long sections = 0;
        for (Reply reply : replies) {
            assertThat(reply.number("failures")).as("failed calls: %s", reply).isZero();
            assertThat(reply.number("maxHolders"))
                    .as("most threads inside one section at once: %s", reply)
                    .isEqualTo(1);
            sections += reply.number("sections");
        }
        long expected = (long) cluster.jvms.size() * threads * calls;
        assertThat(sections).isEqualTo(expected);

        Map<String, List<long[]>> byName = records(cluster.jvms.size());
        assertThat(byName).hasSize(locks);
        for (Map.Entry<String, List<long[]>> entry : byName.entrySet()) {
            checkOneName(entry.getKey(), entry.getValue());
        }
        System.out.printf(
                "%s: %,d sections on %d names by %d JVMs x %d threads in %,d ms"
                        + " (per JVM: %s ms); lost updates 0, max holders 1, fences increasing%n",
                verb,
                sections,
                locks,
                cluster.jvms.size(),
                threads,
                millis,
                replies.stream()
                        .map(r -> r.get("millis"))
                        .reduce((a, b) -> a + "/" + b)
                        .orElse(""));
        return replies;
    }

    private void checkOneName(String name, List<long[]> sections) throws Exception {
        long counter = Long.parseLong(
                Files.readString(cluster.dir.resolve("counters").resolve(name)).trim());
        assertThat(counter)
                .as("counter %s against its sections (lost updates: %d)", name, sections.size() - counter)
                .isEqualTo(sections.size());
        sections.sort(Comparator.comparingLong(section -> section[0]));
        for (int i = 0; i < sections.size(); i++) {
            long[] section = sections.get(i);
            assertThat(section[0])
                    .as("%s: the value read by section #%d in state order (a repeat is a lost" + " update)", name, i)
                    .isEqualTo(i);
            if (i > 0) {
                assertThat(section[1])
                        .as(
                                "%s: fence of the section that read %d, after fence %d",
                                name, section[0], sections.get(i - 1)[1])
                        .isGreaterThan(sections.get(i - 1)[1]);
            }
        }
    }

    /** {@code records-jvmN.txt}: one {@code NAME VALUE FENCE} line per section. */
    private Map<String, List<long[]>> records(int jvms) throws Exception {
        Map<String, List<long[]>> byName = new TreeMap<>();
        for (int i = 1; i <= jvms; i++) {
            Path file = cluster.dir.resolve("records-jvm" + i + ".txt");
            for (String line : Files.readAllLines(file)) {
                String[] parts = line.split(" ");
                byName.computeIfAbsent(parts[0], k -> new ArrayList<>())
                        .add(new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])});
            }
        }
        return byName;
    }
}
