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
    private final String prefix;

    /** @param prefix the one the runtime under test adds to names (its stripes ignore it) */
    OtherThread(LockBackend backend, String prefix) {
        this.backend = backend;
        this.prefix = prefix;
    }

    /** Takes {@code fullName} on the other thread, as the runtime would, and fails the test if it is not free. */
    void hold(String fullName) throws Exception {
        long fence = run(() -> backend.lock(stripe(fullName), 0)
                .acquire(Deadline.noWait(), System.nanoTime(), LockStripes.tag(name(fullName))));
        if (fence == 0) {
            throw new AssertionError("the other thread could not take \"" + fullName + "\"");
        }
        backend.nameUsed(fullName);
    }

    void release(String fullName) throws Exception {
        run(() -> {
            backend.lock(stripe(fullName), 0).release();
            return null;
        });
    }

    private int stripe(String fullName) {
        return backend.stripes().of(name(fullName));
    }

    private String name(String fullName) {
        return fullName.startsWith(prefix) ? fullName.substring(prefix.length()) : fullName;
    }

    <T> T run(Callable<T> task) throws Exception {
        return executor.submit(task).get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
