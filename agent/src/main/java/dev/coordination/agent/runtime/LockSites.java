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
    private volatile Runnable listener = () -> {};

    /**
     * Runs {@code listener} after every {@link #register} and {@link #replace}, on the thread that
     * loads the class: it must return at once (the JMX publisher only wakes its own thread).
     */
    public void onChange(Runnable listener) {
        this.listener = listener;
    }

    public synchronized int register(LockSite site) {
        if (count == sites.length) {
            sites = Arrays.copyOf(sites, count * 2);
        }
        LockSite[] current = sites;
        current[count] = site;
        sites = current;
        int id = count++;
        listener.run();
        return id;
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
        listener.run();
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
