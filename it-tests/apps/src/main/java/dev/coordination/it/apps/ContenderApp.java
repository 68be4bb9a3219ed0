package dev.coordination.it.apps;

import dev.coordination.Coordination;
import dev.coordination.LockAcquireFailedException;
import dev.coordination.Synchronized;
import dev.coordination.support.SharedCounters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An application for the integration tests, run with the agent in a JVM of its own. Subcommands
 * (first argument; the second is the shared directory; lines starting "RESULT " report back):
 * <ul>
 *   <li>{@code count DIR THREADS CALLS}: waits for file {@code go}, then THREADS threads make CALLS
 *       calls each of an annotated read-modify-write on a counter file;
 *   <li>{@code hold DIR NAME}: holds lock NAME inside an annotated method, announced by file {@code
 *       inside}, until file {@code release} appears;
 *   <li>{@code contend DIR NAME}: against a held NAME, tries blocking=false, then timeout=1s, then
 *       (after creating file {@code release}) a plain blocking call.
 * </ul>
 */
public final class ContenderApp {

    static final long BOUND_SECONDS = 90;

    private final SharedCounters counters;
    private final Path dir;

    ContenderApp(Path dir, String owner) {
        this.dir = dir;
        this.counters = new SharedCounters(dir, owner);
    }

    @Synchronized("counter-{name}")
    void increment(String name) {
        counters.increment("counter-" + name);
    }

    @Synchronized("{name}")
    void holdUntilReleased(String name) throws Exception {
        Files.writeString(dir.resolve("inside"), Long.toString(Coordination.fence(name)));
        awaitFile(dir.resolve("release"));
    }

    @Synchronized(value = "{name}", blocking = false)
    void tryOnce(String name) throws Exception {
        Files.createFile(dir.resolve("ran-tryOnce"));
    }

    @Synchronized(value = "{name}", timeout = 1)
    void tryForOneSecond(String name) throws Exception {
        Files.createFile(dir.resolve("ran-tryForOneSecond"));
    }

    @Synchronized("{name}")
    long waitForIt(String name) {
        return Coordination.fence(name);
    }

    public static void main(String[] args) throws Exception {
        Path dir = Paths.get(args[1]);
        ContenderApp app = new ContenderApp(dir, ProcessHandle.current().pid() + "");
        switch (args[0]) {
            case "count":
                app.count(Integer.parseInt(args[2]), Integer.parseInt(args[3]));
                break;
            case "hold":
                app.hold(args[2]);
                break;
            case "contend":
                app.contend(args[2]);
                break;
            default:
                throw new IllegalArgumentException("unknown subcommand " + args[0]);
        }
    }

    private void count(int threads, int calls) throws Exception {
        Coordination.getLock("warmup").tryLock(BOUND_SECONDS, TimeUnit.SECONDS);
        Coordination.getLock("warmup").unlock();
        Files.createFile(dir.resolve("ready-" + ProcessHandle.current().pid()));
        awaitFile(dir.resolve("go"));
        AtomicLong failures = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                for (int i = 0; i < calls; i++) {
                    try {
                        increment("shared");
                    } catch (RuntimeException e) {
                        failures.incrementAndGet();
                        e.printStackTrace();
                    }
                }
            });
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        System.out.println("RESULT failures=" + failures.get());
        System.out.println("RESULT maxHolders=" + counters.maxHolders());
    }

    private void hold(String name) throws Exception {
        holdUntilReleased(name);
        System.out.println("RESULT held=" + name);
    }

    private void contend(String name) throws Exception {
        awaitFile(dir.resolve("inside"));
        // The cluster first: a call that does not wait answers within 5 s even while this JVM's
        // member is still joining, and then it would fail for that, not for the holder.
        Coordination.getLock("warmup").tryLock(BOUND_SECONDS, TimeUnit.SECONDS);
        Coordination.getLock("warmup").unlock();
        long start = System.nanoTime();
        try {
            tryOnce(name);
            System.out.println("RESULT tryOnce=ran");
        } catch (LockAcquireFailedException e) {
            System.out.println("RESULT tryOnce=failed lockName=" + e.lockName() + " millis=" + millisSince(start));
            System.out.println("RESULT tryOnceMessage=" + e.getMessage());
        }
        start = System.nanoTime();
        try {
            tryForOneSecond(name);
            System.out.println("RESULT tryForOneSecond=ran");
        } catch (LockAcquireFailedException e) {
            System.out.println("RESULT tryForOneSecond=failed millis=" + millisSince(start));
        }
        Files.createFile(dir.resolve("release"));
        long fence = waitForIt(name);
        long holderFence =
                Long.parseLong(Files.readString(dir.resolve("inside")).trim());
        System.out.println("RESULT waitForIt=ran fenceGrew=" + (fence > holderFence));
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    static void awaitFile(Path file) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        while (!Files.exists(file)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting " + BOUND_SECONDS + "s for " + file);
            }
            Thread.sleep(10);
        }
    }
}
