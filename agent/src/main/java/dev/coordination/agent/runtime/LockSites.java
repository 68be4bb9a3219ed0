package dev.coordination.agent.runtime;

import java.util.Arrays;
import java.util.List;

/**
 * Every compiled {@link LockSite}, numbered in the order their classes loaded. The number is
 * written into the instrumented method as a constant, so a call finds its site by array index.
 */
public final class LockSites {

    private volatile LockSite[] sites = new LockSite[64];
    private int count;

    public synchronized int register(LockSite site) {
        if (count == sites.length) {
            sites = Arrays.copyOf(sites, count * 2);
        }
        LockSite[] current = sites;
        current[count] = site;
        sites = current;
        return count++;
    }

    /**
     * Puts {@code site} in place of site {@code id}, for a class whose instrumentation failed after
     * its sites were registered: the method's number stays, its calls now fail with the new site's
     * load error.
     */
    public synchronized void replace(int id, LockSite site) {
        if (id < 0 || id >= count) {
            throw new IllegalArgumentException("no lock site #" + id);
        }
        LockSite[] current = sites;
        current[id] = site;
        sites = current;
    }

    /** Every site registered so far, in registration order (for the JMX view; not on the call path). */
    public synchronized List<LockSite> all() {
        return List.of(Arrays.copyOf(sites, count));
    }

    /** How many sites were registered so far (a class instrumented twice counts twice). */
    public synchronized int count() {
        return count;
    }

    LockSite get(int id) {
        LockSite[] current = sites;
        return id >= 0 && id < current.length ? current[id] : null;
    }
}
