package dev.coordination.samples.boot;

/**
 * A stand-in for one of the agent's {@code dev.coordination:type=LockSite} MBeans (this test runs
 * without the agent), with the same attributes; its acquisitions are set by the test.
 */
public class LockSiteStandIn implements LockSiteStandInMBean {

    private final String template;
    private final String method;
    volatile long acquisitions;

    LockSiteStandIn(String template, String method) {
        this.template = template;
        this.method = method;
    }

    @Override
    public String getTemplate() {
        return template;
    }

    @Override
    public String getMethod() {
        return method;
    }

    @Override
    public long getAcquisitions() {
        return acquisitions;
    }

    @Override
    public long getFailures() {
        return 1;
    }

    @Override
    public long getTemplateErrors() {
        return 0;
    }

    @Override
    public long getLocksLost() {
        return 0;
    }

    @Override
    public long getReleases() {
        return acquisitions;
    }

    @Override
    public long getHolders() {
        return 0;
    }

    @Override
    public long getWaitMillisTotal() {
        return 12;
    }

    @Override
    public long getWaitMillisMax() {
        return 5;
    }

    @Override
    public long getHoldMillisTotal() {
        return 40;
    }

    @Override
    public long getHoldMillisMax() {
        return 20;
    }
}
