package dev.coordination.agent.runtime;

import java.util.HashMap;
import java.util.Map;

/**
 * The holds one thread has, in the order it took them. A thread rarely holds more than a few
 * names, so they sit in an array that is scanned: taking and giving back a name allocates nothing
 * here, where a {@code HashMap} allocated an entry on every first acquire ({@code
 * DispatchBenchmark}). A thread that holds many names at once gets a map beside the array, so a
 * look-up never degrades to a long scan. Only its own thread touches it.
 */
final class ThreadHolds {

    /** Past this many holds a look-up hashes instead of scanning. */
    private static final int SCAN_LIMIT = 8;

    /** Why this thread's last acquire came back without the lock ({@link ThreadLocks#lastRefusal}). */
    String lastRefusal = "";

    private Hold[] holds = new Hold[4];
    private int size;
    private Map<String, Hold> byName;

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
        holds[size++] = hold;
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
                holds[--size] = null;
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
}
