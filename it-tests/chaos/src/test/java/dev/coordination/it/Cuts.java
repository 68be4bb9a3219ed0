package dev.coordination.it;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The lab's cuts as the sum of the network faults in force: overlapping faults may cut the same
 * link, and a link is mended only when the last fault that cut it ends.
 */
final class Cuts {

    private final NetworkLab lab;
    private final Map<Cut, Integer> holders = new HashMap<>();

    Cuts(NetworkLab lab) {
        this.lab = lab;
    }

    synchronized void add(Set<Cut> cuts) throws IOException {
        for (Cut cut : cuts) {
            if (holders.merge(cut, 1, Integer::sum) == 1) {
                lab.cut(cut.from(), cut.to());
            }
        }
    }

    /**
     * Ends one fault's share of {@code cuts}, mending the links no other fault cuts. Every link is
     * tried; if one cannot be mended, every link is (a cut left behind would make the rest of the run
     * a partition nobody planned), and the failure is thrown for the run's problems.
     */
    synchronized void remove(Set<Cut> cuts) throws IOException {
        IOException failed = null;
        for (Cut cut : cuts) {
            Integer left = holders.computeIfPresent(cut, (key, count) -> count == 1 ? null : count - 1);
            if (left == null) {
                try {
                    lab.mend(cut.from(), cut.to());
                } catch (IOException e) {
                    failed = e;
                }
            }
        }
        if (failed != null) {
            healAll();
            throw new IOException("could not mend " + cuts + "; every link was mended instead", failed);
        }
    }

    /** Mends every link, whatever cut it. */
    synchronized void healAll() throws IOException {
        holders.clear();
        lab.heal();
    }
}
