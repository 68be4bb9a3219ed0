package dev.coordination.it;

/** Packets from host {@code from} to host {@code to} are lost: one direction of one link. */
record Cut(int from, int to) implements Comparable<Cut> {

    @Override
    public int compareTo(Cut other) {
        return from != other.from ? Integer.compare(from, other.from) : Integer.compare(to, other.to);
    }
}
