package dev.coordination.it.apps;

import dev.coordination.Coordination;
import dev.coordination.LockAcquireFailedException;
import dev.coordination.LockLostException;
import dev.coordination.Synchronized;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Threads that keep doing fenced read-modify-writes on the test's store ({@link StoreClient}), each
 * inside a locked section that waits at most two seconds for its lock, while the test cuts the
 * network. {@code WORK TAG STORE THREADS NAME,NAME,...} starts them; {@code WORKSTOP TAG} stops
 * them and replies with counts. Every call is one line of file {@code events-JVM-TAG.log}: {@code
 * EPOCH_MILLIS KIND NAME FENCE MILLIS}, where KIND is {@code ok}, the store's refusal ({@code stale},
 * {@code repeated}, {@code lost-update}), {@code failed} (no lock: the body did not run), {@code lost}
 * ({@code LockLostException}) or {@code error}; MILLIS is how long the call took.
 */
final class FencedWorkers {

    /** Pause between two sections of one thread, so that a few threads do not fill both cores. */
    private static final long PAUSE_MILLIS = 20;

    private final Path dir;
    private final String jvm;
    private final Map<String, Run> runs = new ConcurrentHashMap<>();

    FencedWorkers(Path dir, String jvm) {
        this.dir = dir;
        this.jvm = jvm;
    }

    String start(String tag, String store, int threads, String names) {
        Run run = new Run(
                dir.resolve("events-" + jvm + "-" + tag + ".log"),
                new StoreClient(Path.of(store), jvm),
                names.split(","));
        if (runs.putIfAbsent(tag, run) != null) {
            return "ERR workers " + tag + " exist";
        }
        for (int i = 0; i < threads; i++) {
            Thread thread = new Thread(run::loop, "worker-" + tag + "-" + i);
            run.threads.add(thread);
            thread.start();
        }
        return "OK started=" + threads;
    }

    String stop(String tag) throws InterruptedException {
        Run run = runs.remove(tag);
        if (run == null) {
            return "ERR no workers " + tag;
        }
        run.running = false;
        for (Thread thread : run.threads) {
            thread.join(TimeUnit.SECONDS.toMillis(60));
            if (thread.isAlive()) {
                return "ERR worker " + thread.getName() + " still running 60 s after WORKSTOP";
            }
        }
        return "OK events=" + run.events;
    }

    /** One section: read the value, write it back plus one, with this hold's fence. */
    @Synchronized(value = "{name}", timeout = 2)
    void section(String name, StoreClient store, long[] fenceOut, String[] outcomeOut) throws IOException {
        long fence = Coordination.fence(name);
        fenceOut[0] = fence;
        outcomeOut[0] = store.write(name, fence, store.read(name));
    }

    private final class Run {
        final Path log;
        final StoreClient store;
        final String[] names;
        final List<Thread> threads = new ArrayList<>();
        volatile boolean running = true;
        volatile int events;

        Run(Path log, StoreClient store, String[] names) {
            this.log = log;
            this.store = store;
            this.names = names;
        }

        void loop() {
            long[] fence = new long[1];
            String[] outcome = new String[1];
            while (running) {
                String name = names[ThreadLocalRandom.current().nextInt(names.length)];
                fence[0] = 0;
                outcome[0] = null;
                long begin = System.nanoTime();
                String kind;
                try {
                    section(name, store, fence, outcome);
                    kind = outcome[0].equals("accepted") ? "ok" : outcome[0];
                } catch (LockAcquireFailedException e) {
                    kind = "failed";
                } catch (LockLostException e) {
                    kind = "lost";
                } catch (IOException | RuntimeException e) {
                    kind = "error";
                    System.err.println("worker: " + ScenarioApp.oneLine(e));
                }
                record(kind, name, fence[0], TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
                try {
                    Thread.sleep(PAUSE_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        synchronized void record(String kind, String name, long fence, long millis) {
            String line = System.currentTimeMillis() + " " + kind + " " + name + " " + fence + " " + millis + "\n";
            try {
                Files.writeString(
                        log, line, StandardCharsets.US_ASCII, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            events++;
        }
    }
}
