package dev.coordination.it;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What {@code ChaosIT} runs, from the build's properties: {@code chaos.minutes} (0: the short form,
 * {@value #SHORT_WINDOW_MILLIS} ms of faults per run), {@code chaos.seed} (empty: drawn; a number
 * replays it), {@code chaos.backends} and {@code chaos.out.dir}. The short form without a seed runs
 * the fixed seed on one backend and a random one on the other (which gets which follows the random
 * seed), so each build explores a new schedule and repeats a known one within about three minutes;
 * with one backend it runs both seeds on it. The long form without a seed draws one for all backends.
 */
record ChaosSettings(long minutes, List<Run> runs, Path outDir) {

    static final long FIXED_SEED = 20261207;
    static final long SHORT_WINDOW_MILLIS = 50_000;

    record Run(String backend, long seed) {}

    static ChaosSettings fromSystemProperties() {
        long minutes = Long.parseLong(System.getProperty("chaos.minutes", "0").trim());
        String seed = System.getProperty("chaos.seed", "").trim();
        List<String> backends = Stream.of(System.getProperty("chaos.backends", "hazelcast,zookeeper")
                        .split(","))
                .map(String::trim)
                .filter(backend -> !backend.isEmpty())
                .toList();
        for (String backend : backends) {
            if (!backend.equals("hazelcast") && !backend.equals("zookeeper")) {
                throw new IllegalArgumentException(
                        "chaos.backends=" + backends + ": unknown backend " + backend + " (hazelcast, zookeeper)");
            }
        }
        Path outDir = Paths.get(System.getProperty("chaos.out.dir", "target/chaos"));
        List<Run> runs = new ArrayList<>();
        long drawn = 1 + new SecureRandom().nextInt(999_999_999);
        if (!seed.isEmpty()) {
            backends.forEach(backend -> runs.add(new Run(backend, Long.parseLong(seed))));
        } else if (minutes > 0) {
            backends.forEach(backend -> runs.add(new Run(backend, drawn)));
        } else if (backends.size() == 1) {
            runs.add(new Run(backends.get(0), FIXED_SEED));
            runs.add(new Run(backends.get(0), drawn));
        } else {
            boolean fixedFirst = drawn % 2 == 0;
            for (int i = 0; i < backends.size(); i++) {
                runs.add(new Run(backends.get(i), (i % 2 == 0) == fixedFirst ? FIXED_SEED : drawn));
            }
        }
        return new ChaosSettings(minutes, List.copyOf(runs), outDir);
    }

    long windowMillis() {
        return minutes == 0 ? SHORT_WINDOW_MILLIS : minutes * 60_000;
    }

    /** The command that replays {@code run} alone. */
    String replay(Run run) {
        return "mvn -B verify -Pchaos -Dchaos.minutes=" + minutes + " -Dchaos.seed=" + run.seed() + " -Dchaos.backends="
                + run.backend();
    }
}
