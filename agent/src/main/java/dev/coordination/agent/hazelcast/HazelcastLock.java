package dev.coordination.agent.hazelcast;

import com.hazelcast.cp.lock.FencedLock;
import com.hazelcast.cp.lock.exception.LockOwnershipLostException;
import dev.coordination.agent.runtime.BackendLock;
import dev.coordination.agent.runtime.BackendLockLostException;
import dev.coordination.agent.runtime.BackendUnavailableException;
import java.util.concurrent.TimeUnit;

/** A Hazelcast CP {@link FencedLock}, with Hazelcast's failures turned into the runtime's. */
final class HazelcastLock implements BackendLock {

    private final String fullName;
    private final FencedLock lock;

    HazelcastLock(String fullName, FencedLock lock) {
        this.fullName = fullName;
        this.lock = lock;
    }

    @Override
    public String fullName() {
        return fullName;
    }

    @Override
    public long tryAcquire(long waitNanos) {
        try {
            long fence = waitNanos <= 0
                    ? lock.tryLockAndGetFence()
                    : lock.tryLockAndGetFence(waitNanos, TimeUnit.NANOSECONDS);
            return fence == FencedLock.INVALID_FENCE ? 0 : fence;
        } catch (RuntimeException e) {
            throw new BackendUnavailableException("the Hazelcast CP subsystem did not answer (" + e + ")", e);
        }
    }

    @Override
    public void release() {
        try {
            lock.unlock();
        } catch (LockOwnershipLostException e) {
            throw new BackendLockLostException("Hazelcast reports the lock lost: " + e.getMessage(), e);
        } catch (IllegalMonitorStateException e) {
            throw new BackendLockLostException("Hazelcast reports the lock not held by this thread: "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new BackendUnavailableException("the Hazelcast CP subsystem did not answer (" + e + ")", e);
        }
    }
}
