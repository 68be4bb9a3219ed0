package dev.coordination.agent.runtime;

/** One lock the current thread holds: how often (reentrancy), since when, and with which fence. */
final class Hold {
    final String fullName;
    final int stripe;
    final BackendLock lock;
    final long fence;
    final long acquiredNanos;
    int count = 1;

    Hold(String fullName, int stripe, BackendLock lock, long fence, long acquiredNanos) {
        this.fullName = fullName;
        this.stripe = stripe;
        this.lock = lock;
        this.fence = fence;
        this.acquiredNanos = acquiredNanos;
    }
}
