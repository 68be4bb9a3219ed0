package dev.coordination.agent.jmx;

import dev.coordination.agent.runtime.Glob;
import dev.coordination.agent.runtime.HeldName;
import dev.coordination.agent.runtime.LockBackend;
import dev.coordination.agent.runtime.LockRuntime;
import dev.coordination.agent.runtime.LockSite;
import dev.coordination.agent.runtime.LockSites;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link LocksMXBean} over the live runtime: every read walks the sites and sums their counters, so
 * the call path never does anything for JMX beyond updating its own site's counters. Lives in the
 * agent jar's loader.
 */
public final class LocksView implements LocksMXBean {

    static final String FACADE = "Coordination.getLock";
    private static final Glob ALL = Glob.compile("*");

    private final LockSites sites;
    private final LockRuntime runtime;
    private final LockBackend backend;

    public LocksView(LockSites sites, LockRuntime runtime, LockBackend backend) {
        this.sites = sites;
        this.runtime = runtime;
        this.backend = backend;
    }

    @Override
    public String getMemberId() {
        return backend.memberId();
    }

    @Override
    public boolean isBackendReady() {
        return backend.isReady();
    }

    @Override
    public String getBackendStatus() {
        return backend.status();
    }

    @Override
    public String getClusterMode() {
        return backend.clusterMode();
    }

    @Override
    public long getLocksLost() {
        return runtime.releaseFailures();
    }

    @Override
    public long getDeadlocks() {
        return runtime.deadlocksBroken();
    }

    @Override
    public long getAcquisitions() {
        return getLocks().stream().mapToLong(LockRow::getAcquisitions).sum();
    }

    @Override
    public long getFailures() {
        return getLocks().stream().mapToLong(LockRow::getFailures).sum();
    }

    @Override
    public long getTemplateErrors() {
        return getLocks().stream().mapToLong(LockRow::getTemplateErrors).sum();
    }

    @Override
    public long getHolders() {
        return getLocks().stream().mapToLong(LockRow::getHolders).sum();
    }

    @Override
    public List<LockRow> getLocks() {
        List<LockSite> all = sites.all();
        List<LockRow> rows = new ArrayList<>(all.size() + 1);
        for (LockSite site : all) {
            rows.add(new LockRow(site.label(), site.templateSources(), site.loadError(), site.stats()));
        }
        rows.add(new LockRow(FACADE, List.of(), null, runtime.facadeStats()));
        return rows;
    }

    @Override
    public List<ConsensusGroupRow> getConsensusGroups() {
        return backend.consensusGroups().stream().map(ConsensusGroupRow::new).toList();
    }

    @Override
    public List<HoldRow> getHolds() {
        long now = System.currentTimeMillis();
        List<HoldRow> rows = new ArrayList<>();
        for (HeldName held : runtime.holds(ALL)) {
            if (held.held()) {
                rows.add(new HoldRow(held, now));
            }
        }
        return rows;
    }
}
