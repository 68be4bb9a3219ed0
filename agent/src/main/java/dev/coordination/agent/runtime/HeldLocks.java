package dev.coordination.agent.runtime;

/** What one call of a locked method took, in acquisition order; handed back to exit advice. */
final class HeldLocks {
    final LockSite site;
    final Hold[] holds;
    int size;
    /** When the call had all its locks ({@code System.nanoTime()}). */
    long acquiredNanos;

    HeldLocks(LockSite site, int capacity) {
        this.site = site;
        this.holds = new Hold[capacity];
    }

    void add(Hold hold) {
        holds[size++] = hold;
    }
}
