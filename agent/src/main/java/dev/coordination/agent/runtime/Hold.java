package dev.coordination.agent.runtime;

/** One lock the current thread holds: how often (reentrancy), since when, and with which fence. */
final class Hold {
    final String fullName;
    final BackendLock lock;
    final long fence;
    final long acquiredNanos;
    int count = 1;

    Hold(String fullName, BackendLock lock, long fence, long acquiredNanos) {
        this.fullName = fullName;
        this.lock = lock;
        this.fence = fence;
        this.acquiredNanos = acquiredNanos;
    }
}
