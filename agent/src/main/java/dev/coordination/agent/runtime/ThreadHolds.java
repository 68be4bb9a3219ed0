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
    private static final VarHandle VICTIM_WAIT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            SIZE = lookup.findVarHandle(ThreadHolds.class, "size", int.class);
            WAITING_FOR = lookup.findVarHandle(ThreadHolds.class, "waitingFor", String.class);
            VICTIM_WAIT = lookup.findVarHandle(ThreadHolds.class, "victimWait", long.class);
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
    /** The number of this thread's current (or last) wait: one per wait, so a wait is told from the next. */
    private long wait;
    /** When the current wait began ({@code System.nanoTime()}), and for which call (its label). */
    private long waitStartNanos;

    private String waitBy;
    /**
     * The number of the wait chosen to break a deadlock ({@link #failWait}), {@code 0} for none;
     * with its report, and whether the thread was interrupted for it. Written by the deadlock
     * detector under this object's monitor; read by the thread when its wait ends ({@link #endWait}).
     */
    private long victimWait;

    private String victimReport;
    private boolean victimInterrupted;

    private final long threadId;

    @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+; getId() is the same number
    ThreadHolds(Thread thread) {
        this.thread = new WeakReference<>(thread);
        this.registeredName = nameOf(thread);
        this.threadId = thread.getId();
    }

    long threadId() {
        return threadId;
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

    /** Marks the name this thread now waits for in the backend, for the call {@code by}. */
    void startWait(String fullName, String by, long startNanos) {
        wait++;
        waitStartNanos = startNanos;
        waitBy = by;
        WAITING_FOR.setRelease(this, fullName);
    }

    /**
     * Ends this thread's wait. Returns the deadlock report when the wait was chosen to break one
     * ({@link #failWait}), else {@code null}; the interrupt that ended it is then cleared, so that
     * the thread goes on with its interrupt status as it was. A wait is chosen only while it goes
     * on: the thread clears the name (a volatile write) and then reads the choice, the detector writes
     * the choice and then reads the name, so one of them sees the other; a choice seen is settled
     * under the monitor, where the detector interrupts.
     */
    String endWait() {
        WAITING_FOR.setVolatile(this, null);
        if ((long) VICTIM_WAIT.getVolatile(this) != wait) {
            return null;
        }
        synchronized (this) {
            String report = victimReport;
            if (victimInterrupted) {
                Thread.interrupted();
            }
            victimReport = null;
            victimInterrupted = false;
            VICTIM_WAIT.setVolatile(this, 0L);
            return report;
        }
    }

    /** For the deadlock detector: the number of the wait going on now, {@code 0} when none. */
    long waitNow() {
        return WAITING_FOR.getAcquire(this) == null ? 0 : wait;
    }

    /** For the deadlock detector: when the wait {@link #waitNow} began, and for which call. */
    long waitStartNanos() {
        return waitStartNanos;
    }

    String waitBy() {
        return waitBy;
    }

    /**
     * For the deadlock detector: fails wait number {@code wait} if it still goes on, interrupting
     * the thread; {@code false} when it ended meanwhile (the thread then reads nothing of it).
     */
    boolean failWait(long wait, String report) {
        Thread waiting = thread.get();
        if (waiting == null) {
            return false;
        }
        synchronized (this) {
            VICTIM_WAIT.setVolatile(this, wait);
            if (WAITING_FOR.getVolatile(this) == null || this.wait != wait) {
                VICTIM_WAIT.setVolatile(this, 0L);
                return false;
            }
            victimReport = report;
            victimInterrupted = true;
            waiting.interrupt();
            return true;
        }
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
