package dev.coordination.it.apps;

import dev.coordination.Coordination;
import dev.coordination.LockAcquireFailedException;
import dev.coordination.Synchronized;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Calls that outlive their command: a holder that stays inside its section until released, and a
 * waiter blocked on a lock held elsewhere, which the test may interrupt, or whose wait it may end
 * by killing the holder's JVM. {@code START} replies once the thread is inside its section ({@code
 * state=inside fence=F}, also announced by file {@code inside-TAG}), or finished, or (a waiter
 * only) parked inside the agent ({@code state=waiting}): with the lock held elsewhere, a waiter
 * anywhere in its acquire cannot get past it. The other commands reply with how the call ended.
 */
final class Jobs {

    static final long BOUND_SECONDS = 60;
    /** Longest a {@code hold} job holds without being told to release. */
    static final long HOLD_BOUND_HOURS = 3;

    private final Path dir;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();

    Jobs(Path dir) {
        this.dir = dir;
    }

    String start(String tag, String kind, String name) throws Exception {
        return start(tag, kind, name, null);
    }

    /** @param store for {@code write}: the test's store, written under the lock with its fence */
    String start(String tag, String kind, String name, StoreClient store) throws Exception {
        Job job = new Job(tag, name);
        if (jobs.putIfAbsent(tag, job) != null) {
            return "ERR job " + tag + " exists";
        }
        Runnable call;
        switch (kind) {
            case "hold":
                call = () -> hold(name, job);
                break;
            case "wait":
                call = () -> take(name, job);
                break;
            case "write":
                call = () -> writeUnderLock(name, job, store);
                break;
            case "nest":
                String[] names = name.split(">", 2);
                call = () -> nest(names[0], names[1], job);
                break;
            default:
                return "ERR unknown kind " + kind;
        }
        job.thread = new Thread(() -> job.run(call), "job-" + tag);
        job.thread.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        while (System.nanoTime() < deadline) {
            if (job.inside.getCount() == 0) {
                return "OK state=inside fence=" + job.fence;
            }
            if (!job.thread.isAlive()) {
                return "OK state=done " + job.outcome;
            }
            if (!kind.equals("hold") && !kind.equals("nest") && waitingInAgent(job.thread)) {
                return "OK state=waiting";
            }
            Thread.sleep(10);
        }
        return "ERR job " + tag + " was neither inside, waiting for its lock nor done within " + BOUND_SECONDS + " s";
    }

    /** Parked, with an agent frame on the stack: the call is waiting for its lock. */
    static boolean waitingInAgent(Thread thread) {
        Thread.State state = thread.getState();
        if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING) {
            return false;
        }
        for (StackTraceElement frame : thread.getStackTrace()) {
            if (frame.getClassName().startsWith("dev.coordination.agent.")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes to the store with the job's fence, whether or not its lock is still held: a holder cut
     * off from the cluster cannot know that its lock has passed on, and the store must refuse it.
     */
    String write(String tag, StoreClient store) throws IOException {
        Job job = jobs.get(tag);
        return "OK outcome=" + store.write(job.name, job.fence, store.read(job.name)) + " fence=" + job.fence;
    }

    String interrupt(String tag) throws InterruptedException {
        Job job = jobs.get(tag);
        job.thread.interrupt();
        return join(tag, BOUND_SECONDS);
    }

    String release(String tag) throws InterruptedException {
        jobs.get(tag).release.countDown();
        return join(tag, BOUND_SECONDS);
    }

    /** Lets a job go on ({@code nest}: to its inner name) without waiting for it to end. */
    String go(String tag) {
        jobs.get(tag).release.countDown();
        return "OK";
    }

    String join(String tag, long seconds) throws InterruptedException {
        Job job = jobs.get(tag);
        job.thread.join(TimeUnit.SECONDS.toMillis(seconds));
        if (job.thread.isAlive()) {
            return "ERR job " + tag + " still running after " + seconds + " s";
        }
        return "OK " + job.outcome;
    }

    @Synchronized("{name}")
    void hold(String name, Job job) {
        job.fence = Coordination.fence(name);
        try {
            Files.writeString(dir.resolve("inside-" + job.tag), Long.toString(job.fence), StandardCharsets.US_ASCII);
            job.inside.countDown();
            // Long enough for the soak's long form; the JVM ends with its test anyway.
            if (!job.release.await(HOLD_BOUND_HOURS, TimeUnit.HOURS)) {
                throw new IllegalStateException("never released");
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits for the lock, then writes to the store with its fence: {@code outcome=ran fence=F store=OUTCOME}. */
    @Synchronized("{name}")
    void writeUnderLock(String name, Job job, StoreClient store) {
        job.bodyRan = true;
        job.fence = Coordination.fence(name);
        try {
            job.stored = store.write(name, job.fence, store.read(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Takes {@code outer}, is inside (as {@code hold}), and on {@code RELEASE} takes {@code inner}
     * within it: two such jobs with their names in opposite orders wait for each other.
     */
    @Synchronized("{outer}")
    void nest(String outer, String inner, Job job) {
        job.fence = Coordination.fence(outer);
        try {
            Files.writeString(dir.resolve("inside-" + job.tag), Long.toString(job.fence), StandardCharsets.US_ASCII);
            job.inside.countDown();
            if (!job.release.await(BOUND_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never told to take " + inner);
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
        job.innerStart = System.currentTimeMillis();
        nested(inner, job);
    }

    @Synchronized("{inner}")
    void nested(String inner, Job job) {
        job.bodyRan = true;
    }

    @Synchronized("{name}")
    void take(String name, Job job) {
        job.bodyRan = true;
        job.fence = Coordination.fence(name);
    }

    static final class Job {
        final String tag;
        final String name;
        final CountDownLatch inside = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile Thread thread;
        volatile long fence;
        volatile boolean bodyRan;
        volatile String outcome;
        volatile String stored = "none";
        /** When a {@code nest} job began to wait for its inner name (wall clock, ms). */
        volatile long innerStart;

        Job(String tag, String name) {
            this.tag = tag;
            this.name = name;
        }

        void run(Runnable call) {
            try {
                call.run();
                outcome = "outcome=ran fence=" + fence + " store=" + stored + " at=" + System.currentTimeMillis();
            } catch (LockAcquireFailedException e) {
                boolean interrupted = Thread.currentThread().isInterrupted();
                Throwable cause = e.getCause();
                outcome = "outcome=failed exception=" + e.getClass().getName()
                        + " cause=" + (cause == null ? "none" : cause.getClass().getName())
                        + " interrupted=" + interrupted + " bodyRan=" + bodyRan
                        + " heldAfter=" + Coordination.getLock(name).isHeldByCurrentThread()
                        + " lockName=" + e.lockName() + " innerStart=" + innerStart + " at="
                        + System.currentTimeMillis()
                        + " message=" + e.getMessage().replaceAll("\\s*\n\\s*", " | ");
            } catch (Throwable e) {
                outcome = "outcome=threw bodyRan=" + bodyRan + " message=" + ScenarioApp.oneLine(e);
            }
        }
    }
}
