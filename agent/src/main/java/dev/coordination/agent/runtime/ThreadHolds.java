package dev.coordination.agent.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.Map;

/**
 * The holds one thread has, in the order it took them. A thread rarely holds more than a few
 * names, so they sit in an array that is scanned: taking and giving back a name allocates nothing
 * here, where a {@code HashMap} allocated an entry on every first acquire ({@code
 * DispatchBenchmark}). A thread that holds many names at once gets a map beside the array, so a
 * look-up never degrades to a long scan. Only its own thread changes it; {@link HoldRegistry} reads
 * it from another thread when an operator asks who holds what: the count of holds and the name
 * waited for are written with release semantics (a plain store on x86 and ARM's {@code stlr}, no
 * fence), so that reader sees whole holds, at worst one taken or given back a moment ago.
 */
final class ThreadHolds {

    /** Past this many holds a look-up hashes instead of scanning. */
    private static final int SCAN_LIMIT = 8;

    private static final VarHandle SIZE;
    private static final VarHandle WAITING_FOR;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            SIZE = lookup.findVarHandle(ThreadHolds.class, "size", int.class);
            WAITING_FOR = lookup.findVarHandle(ThreadHolds.class, "waitingFor", String.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * The thread whose holds these are, held weakly: an ended thread must not keep what it references
     * reachable, such as a closed plugin's class loader as its context class loader ({@code
     * PluginClassLoaderIT}).
     */
    private final WeakReference<Thread> thread;
    /** Its name when it registered, for when it is gone. */
    private final String registeredName;

    /** Why this thread's last acquire came back without the lock ({@link ThreadLocks#lastRefusal}). */
    String lastRefusal = "";

    private Hold[] holds = new Hold[4];
    private int size;
    private Map<String, Hold> byName;
    /** The full name this thread waits for now (inside the backend's acquire), or {@code null}. */
    private String waitingFor;

    ThreadHolds(Thread thread) {
        this.thread = new WeakReference<>(thread);
        this.registeredName = nameOf(thread);
    }

    /** Whether the thread still runs. */
    boolean threadAlive() {
        Thread running = thread.get();
        return running != null && running.isAlive();
    }

    /** The thread's name now, or as it was, marked {@code (ended)} once it ended. */
    String threadName() {
        Thread running = thread.get();
        String name = running == null ? registeredName : nameOf(running);
        return running != null && running.isAlive() ? name : name + " (ended)";
    }

    /** A thread's name; a virtual thread's is often empty, so then its id ({@code #42}). */
    @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+; getId() is the same number
    private static String nameOf(Thread thread) {
        return thread.getName().isEmpty() ? "#" + thread.getId() : thread.getName();
    }

    boolean isEmpty() {
        return size == 0;
    }

    Hold find(String fullName) {
        if (byName != null) {
            return byName.get(fullName);
        }
        for (int i = size - 1; i >= 0; i--) {
            Hold hold = holds[i];
            if (hold.fullName.equals(fullName)) {
                return hold;
            }
        }
        return null;
    }

    void add(Hold hold) {
        if (size == holds.length) {
            Hold[] grown = new Hold[size * 2];
            System.arraycopy(holds, 0, grown, 0, size);
            holds = grown;
        }
        holds[size] = hold;
        SIZE.setRelease(this, size + 1);
        if (byName != null) {
            byName.put(hold.fullName, hold);
        } else if (size > SCAN_LIMIT) {
            byName = new HashMap<>();
            for (int i = 0; i < size; i++) {
                byName.put(holds[i].fullName, holds[i]);
            }
        }
    }

    void remove(Hold hold) {
        for (int i = size - 1; i >= 0; i--) {
            if (holds[i] == hold) {
                System.arraycopy(holds, i + 1, holds, i, size - i - 1);
                holds[size - 1] = null;
                SIZE.setRelease(this, size - 1);
                break;
            }
        }
        if (byName != null) {
            byName.remove(hold.fullName);
            if (size <= SCAN_LIMIT / 2) {
                byName = null;
            }
        }
    }

    /** Whether this thread holds a stripe above {@code stripe}, and not {@code stripe} itself. */
    boolean outOfOrder(int stripe) {
        boolean higher = false;
        for (int i = 0; i < size; i++) {
            int held = holds[i].stripe;
            if (held == stripe) {
                return false; // held already: the backend grants it at once (reentrant)
            }
            higher |= held > stripe;
        }
        return higher;
    }

    /** Marks the name this thread now waits for in the backend, or {@code null} once it stopped waiting. */
    void waitingFor(String fullName) {
        WAITING_FOR.setRelease(this, fullName);
    }

    /** For another thread: the name waited for now, or {@code null}. */
    String waitingForNow() {
        return (String) WAITING_FOR.getAcquire(this);
    }

    /**
     * For another thread: the holds now, as far as seen. A hold given back while this runs may still
     * be in it (its count then is 0, and the reader skips it), one taken may be missing.
     */
    Hold[] holdsNow() {
        int seen = (int) SIZE.getAcquire(this);
        Hold[] array = holds;
        Hold[] copy = new Hold[Math.min(seen, array.length)];
        System.arraycopy(array, 0, copy, 0, copy.length);
        return copy;
    }
}
