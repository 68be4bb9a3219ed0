package dev.coordination.agent.runtime;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** A second thread that holds backend locks for a test, so the test's own thread finds them taken. */
final class OtherThread implements AutoCloseable {

    private final ExecutorService executor = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "other-holder");
        thread.setDaemon(true);
        return thread;
    });
    private final LockBackend backend;

    OtherThread(LockBackend backend) {
        this.backend = backend;
    }

    /** Takes {@code fullName} on the other thread, and fails the test if it is not free. */
    void hold(String fullName) throws Exception {
        long fence = run(() -> backend.lock(fullName, LockStripes.of(fullName), 0).tryAcquire(0, 0));
        if (fence == 0) {
            throw new AssertionError("the other thread could not take \"" + fullName + "\"");
        }
    }

    void release(String fullName) throws Exception {
        run(() -> {
            backend.lock(fullName, LockStripes.of(fullName), 0).release();
            return null;
        });
    }

    <T> T run(Callable<T> task) throws Exception {
        return executor.submit(task).get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
