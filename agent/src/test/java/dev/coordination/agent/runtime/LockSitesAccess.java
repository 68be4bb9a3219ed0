package dev.coordination.agent.runtime;

/** Lets tests in other packages see which {@link LockSite} a site number stands for. */
public final class LockSitesAccess {

    private LockSitesAccess() {}

    /** The site registered under {@code id}, or {@code null}. */
    public static LockSite site(LockSites sites, int id) {
        return sites.get(id);
    }
}
