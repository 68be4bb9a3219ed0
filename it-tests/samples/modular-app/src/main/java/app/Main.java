package app;

import app.model.Volume;
import dev.coordination.Coordination;
import dev.coordination.LockAcquireFailedException;
import dev.coordination.LockTemplateException;
import dev.coordination.Synchronized;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code java -javaagent:coordination-agent.jar --module-path ... -m app/app.Main ROLE DIR THREADS
 * CALLS}, ROLE {@code first} or {@code second}: two such JVMs count on a shared file counter, then
 * {@code first} holds a lock that {@code second} tries without waiting, then waits for; both
 * finish with a template that meets a null. Lines starting "RESULT " report back; the exit code is
 * 0 unless something unexpected was thrown.
 */
public final class Main {

    static final long BOUND_SECONDS = 90;

    public static void main(String[] args) throws Exception {
        String role = args[0];
        Path dir = Paths.get(args[1]);
        int threads = Integer.parseInt(args[2]);
        int calls = Integer.parseInt(args[3]);
        VolumeService service = new VolumeService(dir, role);
        System.out.println("RESULT module=" + VolumeService.class.getModule().getName()
                + " annotationsModule=" + Synchronized.class.getModule().getName()
                + " active=" + Coordination.isActive());
        if (!Coordination.getLock("warmup").tryLock(BOUND_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no warmup lock within " + BOUND_SECONDS + " s");
        }
        Coordination.getLock("warmup").unlock();
        Files.createFile(dir.resolve("ready-" + role));
        awaitFile(dir.resolve("ready-" + (role.equals("first") ? "second" : "first")));

        count(service, threads, calls);
        if (role.equals("first")) {
            service.holdUntilReleased(new Volume("held"));
            System.out.println("RESULT held=volume-held");
        } else {
            contend(service, dir);
        }
        nullId(service);
    }

    private static void count(VolumeService service, int threads, int calls) throws InterruptedException {
        AtomicLong failures = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                for (int i = 0; i < calls; i++) {
                    try {
                        service.increment(new Volume("shared"));
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
        System.out.println("RESULT failures=" + failures.get() + " maxHolders=" + service.maxHolders());
    }

    private static void contend(VolumeService service, Path dir) throws Exception {
        awaitFile(dir.resolve("inside"));
        Volume held = new Volume("held");
        service.bodyRan.set(false);
        try {
            service.tryOnce(held);
            System.out.println("RESULT tryOnce=ran");
        } catch (LockAcquireFailedException e) {
            System.out.println(
                    "RESULT tryOnce=failed lockName=" + e.lockName() + " tryOnceBodyRan=" + service.bodyRan.get());
        }
        Files.createFile(dir.resolve("release"));
        long fence = service.waitForIt(held);
        long holderFence =
                Long.parseLong(Files.readString(dir.resolve("inside")).trim());
        System.out.println("RESULT waitForIt=ran fenceGrew=" + (fence > holderFence));
    }

    private static void nullId(VolumeService service) {
        service.bodyRan.set(false);
        try {
            service.increment(new Volume(null));
            System.out.println("RESULT nullId=ran");
        } catch (LockTemplateException e) {
            System.out.println("RESULT nullId=" + e.getClass().getSimpleName() + " nullIdBodyRan="
                    + service.bodyRan.get() + " message=" + e.getMessage());
        }
    }

    static void awaitFile(Path file) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        while (!Files.exists(file)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting " + BOUND_SECONDS + " s for " + file);
            }
            Thread.sleep(10);
        }
    }
}
