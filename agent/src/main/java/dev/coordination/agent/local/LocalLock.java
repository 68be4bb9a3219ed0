package dev.coordination.agent.local;

import dev.coordination.agent.runtime.Deadline;
import dev.coordination.agent.runtime.StripeLock;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One stripe of {@link LocalLockBackend}: reentrant for its owning thread, with a fence per grant
 * from the backend's counter. Waits on a {@link Condition}, not a monitor, so that a virtual thread
 * waiting for it leaves its carrier free.
 */
final class LocalLock implements StripeLock {

    private final String name;
    private final AtomicLong fences;
    private final ReentrantLock guard = new ReentrantLock();
    private final Condition freed = guard.newCondition();

    private Thread owner;
    private int holds;
    private long fence;
    private long ownerTag;

    LocalLock(String name, AtomicLong fences) {
        this.name = name;
        this.fences = fences;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long acquire(Deadline deadline, long startNanos, long nameTag) throws InterruptedException {
        Thread me = Thread.currentThread();
        guard.lock();
        try {
            if (owner == me) {
                holds++;
                return fence;
            }
            if (owner != null) {
                if (!deadline.waits()) {
                    return 0;
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted before waiting for lock \"" + name + "\"");
                }
                while (owner != null) {
                    if (!deadline.bounded()) {
                        freed.await();
                        continue;
                    }
                    long left = deadline.remainingNanos(System.nanoTime());
                    if (left <= 0) {
                        return 0;
                    }
                    freed.awaitNanos(left);
                }
            }
            owner = me;
            holds = 1;
            ownerTag = nameTag;
            fence = fences.incrementAndGet();
            return fence;
        } finally {
            guard.unlock();
        }
    }

    @Override
    public Holder holder(long nameTag, long boundNanos) {
        guard.lock();
        try {
            if (owner == null) {
                return Holder.NOBODY;
            }
            return ownerTag == nameTag ? Holder.SAME_NAME : Holder.OTHER_NAME;
        } finally {
            guard.unlock();
        }
    }

    @Override
    public void release() {
        guard.lock();
        try {
            if (owner != Thread.currentThread()) {
                throw new IllegalMonitorStateException(
                        "lock \"" + name + "\" is held by " + owner + ", not by " + Thread.currentThread());
            }
            if (--holds > 0) {
                return;
            }
            owner = null;
            freed.signal();
        } finally {
            guard.unlock();
        }
    }

    boolean isLocked() {
        guard.lock();
        try {
            return owner != null;
        } finally {
            guard.unlock();
        }
    }
}
