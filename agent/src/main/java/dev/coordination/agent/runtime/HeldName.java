package dev.coordination.agent.runtime;

/**
 * One lock name held now, as operators see it: which JVM (member id) holds it, on which thread, in
 * which method, since when, and how many threads wait for it. A name only waited for (its holder is
 * in another JVM, or its stripe is held for another name) has an empty holder, thread and method.
 * Names are without the lock prefix, as in the annotation. Agent jar, system class loader.
 *
 * @param sinceMillis when it was taken, milliseconds since the epoch; 0 when not held
 * @param waiting threads (of the JVMs counted) waiting for this name now
 */
public record HeldName(String name, String holder, String thread, String method, long sinceMillis, int waiting) {

    /** Whether some thread holds the name (rather than only waiting for it). */
    public boolean held() {
        return !holder.isEmpty();
    }

    /** The same row with {@code count} waiting threads. */
    public HeldName withWaiting(int count) {
        return new HeldName(name, holder, thread, method, sinceMillis, count);
    }

    /** A name threads wait for that no thread of the JVMs counted holds. */
    public static HeldName waitedFor(String name, int waiting) {
        return new HeldName(name, "", "", "", 0, waiting);
    }
}
