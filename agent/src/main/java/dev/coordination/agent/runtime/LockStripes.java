package dev.coordination.agent.runtime;

import java.util.Comparator;

/**
 * Maps every lock name onto one of a fixed set of CP locks, so that cluster memory stays bounded
 * however many distinct names pass through. A Hazelcast 5.4 {@code FencedLock} keeps its state in
 * member heap for as long as the cluster runs, and a destroyed one can never be used again
 * (hazelcast#17498, #26526): one CP lock per name would grow without end.
 *
 * <p>The mapping is a pure function of the name (without prefix), the same in every JVM of every
 * version that uses this {@link #COUNT}: two holders of one name always meet on one CP lock, and
 * its fences only grow. Names that share a stripe contend with each other (false contention: a
 * call may wait while another name of its stripe is held), and {@link #ORDER} takes the stripes of
 * one call in ascending order so that this sharing can never deadlock two calls.
 */
public final class LockStripes {

    /** How many CP locks all names share; a power of two. Part of the wire protocol: never change it alone. */
    public static final int COUNT = 4096;

    /** Acquisition order of one call's names: by stripe, then by name (a total order, the same everywhere). */
    public static final Comparator<String> ORDER = (a, b) -> {
        int byStripe = Integer.compare(of(a), of(b));
        return byStripe != 0 ? byStripe : a.compareTo(b);
    };

    private LockStripes() {}

    /**
     * Sorts one call's names as {@link #ORDER} does, working out each name's stripe once rather than at
     * every comparison. A call has a handful of names, so an insertion sort does.
     */
    public static void sortInOrder(String[] names) {
        int[] stripes = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            stripes[i] = of(names[i]);
        }
        for (int i = 1; i < names.length; i++) {
            String name = names[i];
            int stripe = stripes[i];
            int j = i - 1;
            while (j >= 0 && (stripes[j] > stripe || stripes[j] == stripe && names[j].compareTo(name) > 0)) {
                names[j + 1] = names[j];
                stripes[j + 1] = stripes[j];
                j--;
            }
            names[j + 1] = name;
            stripes[j + 1] = stripe;
        }
    }

    /** The stripe of a lock name (without the prefix): {@code 0 <= stripe < COUNT}. */
    public static int of(String name) {
        // String.hashCode is specified by the JLS, so every JVM computes the same value; the
        // finaliser of MurmurHash3 spreads names that differ only at the end (volume-1, volume-2).
        int h = name.hashCode();
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h & (COUNT - 1);
    }
}
