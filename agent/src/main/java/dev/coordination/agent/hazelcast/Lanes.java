package dev.coordination.agent.hazelcast;

import java.util.Arrays;

/**
 * The thread ids one lock stripe is asked for under (its "lanes"). The CP group knows a lock's owner
 * as (CP session, thread id), and keeps, per such endpoint, an entry for every call it refused or
 * that ended without the lock, until that endpoint next holds and frees the lock or its session
 * closes (hazelcast#17709). Java thread ids would make every short-lived or virtual thread an
 * endpoint of its own, each leaving entries behind for the life of the session. A thread takes a
 * lane for as long as it holds the stripe or waits for it; the lowest free lane is taken first, so
 * a few lanes carry most calls and free their entries whenever they get the lock ({@code SoakIT}).
 *
 * <p>One lane must never serve two threads at once: the CP group would take them for one reentrant
 * owner. So a lane stays taken while anything may still act under it: the thread that took it, and
 * every call sent under it that is still being settled in the background (a withdrawn request, a
 * late grant being given back, an unlock sent again). Each of these holds a use, and the lane is
 * free when the last use is given back. Agent jar, system class loader.
 */
final class Lanes {

    /** Uses per lane; lane ids start at 1. */
    private int[] uses = new int[8];

    /** A lane nothing uses now, with one use for the caller. */
    synchronized long take() {
        int lane = 1;
        while (lane < uses.length && uses[lane] > 0) {
            lane++;
        }
        if (lane == uses.length) {
            uses = Arrays.copyOf(uses, uses.length * 2);
        }
        uses[lane] = 1;
        return lane;
    }

    /** One more use of a lane that is taken (by a call still to be settled). */
    synchronized void retain(long lane) {
        if (uses[(int) lane] == 0) {
            throw new IllegalStateException("lane " + lane + " is not taken");
        }
        uses[(int) lane]++;
    }

    /** One use of the lane ends; with the last, the lane is free. */
    synchronized void give(long lane) {
        if (uses[(int) lane] == 0) {
            throw new IllegalStateException("lane " + lane + " is not taken");
        }
        uses[(int) lane]--;
    }

    /** How many lanes are taken now. */
    synchronized int inUse() {
        int taken = 0;
        for (int use : uses) {
            taken += use > 0 ? 1 : 0;
        }
        return taken;
    }
}
