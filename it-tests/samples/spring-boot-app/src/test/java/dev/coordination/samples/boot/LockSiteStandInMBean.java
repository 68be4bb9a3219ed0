package dev.coordination.samples.boot;

/** The attributes of the agent's {@code dev.coordination:type=LockSite} MBeans, for a stand-in. */
public interface LockSiteStandInMBean {
    String getTemplate();

    String getMethod();

    long getAcquisitions();

    long getFailures();

    long getTemplateErrors();

    long getLocksLost();

    long getReleases();

    long getHolders();

    long getWaitMillisTotal();

    long getWaitMillisMax();

    long getHoldMillisTotal();

    long getHoldMillisMax();
}
