package dev.coordination.agent.runtime;

import java.util.Comparator;

/**
 * Maps every lock name onto one of a fixed number of CP locks, so that cluster memory stays bounded
 * however many distinct names pass through. A Hazelcast 5.4 {@code FencedLock} keeps its state in
 * member heap for as long as the cluster runs, and a destroyed one can never be used again
 * (hazelcast#17498, #26526): one CP lock per name would grow without end.
 *
 * <p>The mapping is a pure function of the name (without prefix) and the {@link #count()}, the same
 * in every JVM: two holders of one name always meet on one CP lock, and its fences only grow, as
 * long as every JVM of a cluster uses the same count (each checks it against the cluster's at
 * start). Names that share a stripe contend with each other (false contention: a call may wait
 * while another name of its stripe is held), and {@link #order()} takes the stripes of one call in
 * ascending order so that this sharing can never deadlock two calls.
 */
public final class LockStripes {

    private final int count;
    private final int mask;
    private final boolean perName;
    private final Comparator<String> order;

    /** @param count a power of two ({@code coordination.lock-stripes}, checked where it is read) */
    public LockStripes(int count) {
        this(count, false);
    }

    /**
     * No stripes: for a backend that holds one lock per name and frees its state when the name is
     * released (ZooKeeper). Every name is "stripe 0", which {@link #of} gives without a branch (the
     * mask is 0), so the order of one call's names is by name alone, the same in every JVM, and a
     * stripe number never stands for a lock: the backend is asked by name ({@link
     * LockBackend#lock(String, int, long)}).
     */
    public static LockStripes perName() {
        return new LockStripes(1, true);
    }

    private LockStripes(int count, boolean perName) {
        if (count < 1 || Integer.bitCount(count) != 1) {
            throw new IllegalArgumentException("a stripe count must be a power of two, not " + count);
        }
        this.perName = perName;
        this.count = count;
        this.mask = count - 1;
        this.order = (a, b) -> {
            int byStripe = Integer.compare(of(a), of(b));
            return byStripe != 0 ? byStripe : a.compareTo(b);
        };
    }

    /** Whether the backend holds one lock per name ({@link #perName()}): names never contend with each other. */
    public boolean isPerName() {
        return perName;
    }

    /** How many CP locks all names share. */
    public int count() {
        return count;
    }

    /** Acquisition order of one call's names: by stripe, then by name (a total order, the same everywhere). */
    public Comparator<String> order() {
        return order;
    }

    /**
     * Sorts one call's names as {@link #order()} does, working out each name's stripe once rather
     * than at every comparison. A call has a handful of names, so an insertion sort does.
     */
    public void sortInOrder(String[] names) {
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

    /** The stripe of a lock name (without the prefix): {@code 0 <= stripe < count()}. */
    public int of(String name) {
        return mix(name.hashCode()) & mask;
    }

    /**
     * A 64-bit tag of a name (without the prefix), independent of its stripe: a holder's lock
     * requests carry it, so a refused caller can tell whether the holder holds its own name or
     * another that shares the stripe. Equal names have equal tags; different names almost never do.
     */
    public static long tag(String name) {
        // FNV-1a over the UTF-16 chars, then a finaliser: String.hashCode alone (32 bits) would
        // give two names of one stripe the same tag far too often.
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < name.length(); i++) {
            h ^= name.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }

    /**
     * The finaliser of MurmurHash3 over {@code String.hashCode}, which the JLS specifies, so every JVM
     * computes the same value; it spreads names that differ only at the end (volume-1, volume-2).
     */
    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    @Override
    public String toString() {
        return perName ? "one lock per name" : count + " stripes";
    }
}
