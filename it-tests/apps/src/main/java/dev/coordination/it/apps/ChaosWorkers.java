package dev.coordination.it.apps;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The workers of a chaos run in one JVM: threads that keep making locked calls of every shape on a
 * few shared names while the test's nemesis breaks the cluster, each call one line of {@code
 * history-JVM.tsv} ({@link ChaosSections}). {@code CHAOS DIR STORE THREADS NAME,NAME,...} starts
 * them; {@code CHAOSSTOP SECONDS} lets every thread finish its call, waits at most SECONDS for
 * them, closes the history and replies with the number of calls, or with the stacks of the threads
 * still inside a call.
 */
final class ChaosWorkers {

    /** Pause between two calls of one thread, so that a few JVMs of a few threads leave the cores some rest. */
    private static final long MIN_PAUSE_MILLIS = 30;

    private static final long MAX_PAUSE_MILLIS = 200;

    private final String jvm;
    private Run run;

    ChaosWorkers(String jvm) {
        this.jvm = jvm;
    }

    synchronized String start(Path dir, Path store, int threads, String names) throws Exception {
        if (run != null) {
            return "ERR chaos workers already run";
        }
        HistoryWriter history = new HistoryWriter(dir.resolve("history-" + jvm + ".tsv"));
        run = new Run(new ChaosSections(jvm, history, new StoreClient(store, jvm)), history, names.split(","));
        for (int i = 1; i <= threads; i++) {
            Thread thread = new Thread(run::loop, "w" + i);
            run.threads.add(thread);
            thread.start();
        }
        return "OK threads=" + threads;
    }

    synchronized String stop(long seconds) throws Exception {
        if (run == null) {
            return "ERR no chaos workers";
        }
        Run stopping = run;
        run = null;
        stopping.running = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<String> stuck = new ArrayList<>();
        for (Thread thread : stopping.threads) {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (thread.isAlive()) {
                stuck.add(thread.getName() + " at "
                        + Arrays.stream(thread.getStackTrace())
                                .limit(25)
                                .map(StackTraceElement::toString)
                                .collect(Collectors.joining(" < ")));
            }
        }
        stopping.history.close();
        if (!stuck.isEmpty()) {
            return "ERR calls=" + stopping.sections.calls() + " still inside a call " + seconds + " s after CHAOSSTOP: "
                    + String.join(" | ", stuck);
        }
        return "OK calls=" + stopping.sections.calls();
    }

    private static final class Run {
        final ChaosSections sections;
        final HistoryWriter history;
        final String[] names;
        final List<Thread> threads = new ArrayList<>();
        volatile boolean running = true;

        Run(ChaosSections sections, HistoryWriter history, String[] names) {
            this.sections = sections;
            this.history = history;
            this.names = names;
        }

        void loop() {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (running) {
                oneCall(random);
                try {
                    Thread.sleep(random.nextLong(MIN_PAUSE_MILLIS, MAX_PAUSE_MILLIS));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /** One call of a shape drawn at random; the nested shape's outer call has a shape of its own. */
        private void oneCall(ThreadLocalRandom random) {
            String name = names[random.nextInt(names.length)];
            int shape = random.nextInt(100);
            ChaosSections s = sections;
            if (shape < 15) {
                ChaosCall call = s.call("blocking", -1, name);
                s.record(call, () -> s.blocking(name, call));
            } else if (shape < 32) {
                boolean small = random.nextBoolean();
                ChaosCall call = s.call(
                        "timeout",
                        small ? ChaosSections.SHORT_TIMEOUT_MILLIS : ChaosSections.LONG_TIMEOUT_MILLIS,
                        name);
                s.record(call, () -> {
                    if (small) {
                        s.shortTimeout(name, call);
                    } else {
                        s.longTimeout(name, call);
                    }
                });
            } else if (shape < 47) {
                ChaosCall call = s.call("try", 0, name);
                s.record(call, () -> s.tryNow(name, call));
            } else if (shape < 62) {
                String other = otherThan(name, random);
                ChaosCall call = s.call("two", ChaosSections.TWO_TIMEOUT_MILLIS, name, other);
                s.record(call, () -> s.two(name, other, call));
            } else if (shape < 80) {
                String inner = random.nextBoolean() ? name : later(name);
                ChaosCall call = s.call("timeout", ChaosSections.OUTER_TIMEOUT_MILLIS, name);
                s.record(call, () -> s.outer(name, inner, call));
            } else {
                int variant = random.nextInt(3);
                long timeout = variant == 0 ? -1 : variant == 1 ? 0 : ChaosSections.FACADE_TIMEOUT_MILLIS;
                ChaosCall call = s.call("facade", timeout, name);
                s.record(call, () -> s.facade(name, call));
            }
        }

        private String otherThan(String name, ThreadLocalRandom random) {
            while (true) {
                String other = names[random.nextInt(names.length)];
                if (!other.equals(name)) {
                    return other;
                }
            }
        }

        /** The next name in sorted order, or {@code name} itself when it is the last (a reentrant call then). */
        private String later(String name) {
            String next = name;
            for (String candidate : names) {
                if (candidate.compareTo(name) > 0 && (next.equals(name) || candidate.compareTo(next) < 0)) {
                    next = candidate;
                }
            }
            return next;
        }
    }
}
