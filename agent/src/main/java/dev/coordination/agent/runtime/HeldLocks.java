package dev.coordination.agent.runtime;

/**
 * What one call of a locked method took, in acquisition order; handed back to exit advice. A call
 * of one name (most) keeps its hold in a field, without an array.
 */
final class HeldLocks {
    final LockSite site;
    private final Hold[] holds;
    private Hold only;
    int size;
    /** When the call had all its locks ({@code System.nanoTime()}). */
    long acquiredNanos;

    HeldLocks(LockSite site, int capacity) {
        this.site = site;
        this.holds = capacity == 1 ? null : new Hold[capacity];
    }

    void add(Hold hold) {
        if (holds == null) {
            only = hold;
        } else {
            holds[size] = hold;
        }
        size++;
    }

    /** The {@code index}th hold taken, {@code 0 <= index < size}. */
    Hold get(int index) {
        return holds == null ? only : holds[index];
    }
}
