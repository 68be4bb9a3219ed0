package dev.coordination.agent.runtime;

/**
 * One lock the current thread holds: how often (reentrancy), since when, and with which fence. It
 * knows the thread's {@link ThreadHolds} it sits in, so a release needs no thread-local look-up,
 * and what took it ({@code by}: the method's label), for the operator's view of who holds what.
 */
final class Hold {
    final String fullName;
    final int stripe;
    final StripeLock lock;
    final long fence;
    final long acquiredNanos;
    final ThreadHolds owner;
    final String by;
    int count = 1;

    Hold(String fullName, int stripe, StripeLock lock, long fence, long acquiredNanos, ThreadHolds owner, String by) {
        this.fullName = fullName;
        this.stripe = stripe;
        this.lock = lock;
        this.fence = fence;
        this.acquiredNanos = acquiredNanos;
        this.owner = owner;
        this.by = by;
    }
}
