package dev.coordination.sample.volumes;

import dev.coordination.Coordination;
import dev.coordination.DistributedLock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A lock name held by another thread until {@link #close()}, as another caller (on a cluster, maybe
 * in another JVM) would hold it. Holds taken through {@link Coordination#getLock} are the same holds
 * the annotated methods take.
 */
final class HeldElsewhere implements AutoCloseable {

    private final String name;
    private final CompletableFuture<Void> acquired = new CompletableFuture<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final Thread holder;

    private HeldElsewhere(String name) {
        this.name = name;
        holder = new Thread(this::holdUntilReleased, "holder of " + name);
    }

    /** Returns once another thread holds {@code name}; throws what that thread got instead. */
    static HeldElsewhere hold(String name) throws Exception {
        HeldElsewhere held = new HeldElsewhere(name);
        held.holder.start();
        held.acquired.get(5, TimeUnit.SECONDS);
        return held;
    }

    String name() {
        return name;
    }

    private void holdUntilReleased() {
        DistributedLock lock;
        try {
            lock = Coordination.getLock(name);
            lock.lock();
        } catch (RuntimeException e) {
            acquired.completeExceptionally(e);
            return;
        }
        try {
            acquired.complete(null);
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        release.countDown();
        try {
            holder.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (holder.isAlive()) {
            throw new AssertionError(holder.getName() + " did not release its lock within 5 s");
        }
    }
}
