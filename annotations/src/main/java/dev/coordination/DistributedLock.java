package dev.coordination;

import java.util.concurrent.TimeUnit;

/**
 * One named distributed lock, obtained from {@link Coordination#getLock(String)}: the counterpart
 * of the seed's {@code Coordinator.get_lock}.
 *
 * <p>Like {@link java.util.concurrent.locks.ReentrantLock} it belongs to the thread that took it
 * and is reentrant; it shares its holds with {@link Synchronized} methods, so a thread inside
 * {@code @Synchronized("volume-{vol.id}")} may take {@code getLock("volume-7")} again at once.
 * Use it with try-with-resources:
 *
 * <pre>{@code
 * DistributedLock lock = Coordination.getLock("volume-" + id);
 * long fence = lock.lock();
 * try (lock) {
 *     storage.write(id, data, fence);
 * }
 * }</pre>
 *
 * <p>Instances are cheap handles and may be shared between threads; the hold is always the calling
 * thread's.
 */
public interface DistributedLock extends AutoCloseable {

    /**
     * @return the lock's name as given to {@link Coordination#getLock(String)}, without the prefix
     */
    String name();

    /**
     * Acquires the lock, waiting as long as it takes.
     *
     * @return the fencing token of this hold: larger than every token handed out for this name
     *     before (for a reentrant acquire, the token of the first hold)
     * @throws LockAcquireFailedException if the thread was interrupted while waiting (the
     *     interrupt flag is set again) or the lock cluster could not be reached
     */
    long lock();

    /**
     * Acquires the lock if nobody else holds it, without waiting.
     *
     * @return whether the lock is now held by the calling thread
     * @throws LockAcquireFailedException if the lock cluster could not be reached
     */
    boolean tryLock();

    /**
     * Acquires the lock, waiting at most the given time.
     *
     * @param time the longest wait; zero or less makes one attempt
     * @param unit the unit of {@code time}
     * @return whether the lock is now held by the calling thread
     * @throws LockAcquireFailedException if the thread was interrupted while waiting (the
     *     interrupt flag is set again) or the lock cluster could not be reached
     */
    boolean tryLock(long time, TimeUnit unit);

    /**
     * Releases one hold of the lock; the lock is free for others when the last hold is released.
     *
     * @throws IllegalMonitorStateException if the calling thread does not hold the lock
     * @throws LockLostException if the lock was lost while it was held (its session ended), so the
     *     section may not have been exclusive
     */
    void unlock();

    /**
     * @return whether the calling thread holds this lock
     */
    boolean isHeldByCurrentThread();

    /** Same as {@link #unlock()}. */
    @Override
    void close();
}
