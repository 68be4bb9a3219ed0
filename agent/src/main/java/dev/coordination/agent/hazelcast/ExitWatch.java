package dev.coordination.agent.hazelcast;

/**
 * Lets the JVM exit when the application is done. Hazelcast makes its executor threads
 * non-daemon, so an embedded member (or a client) would keep a JVM alive after {@code main} returned; this
 * daemon thread notices when no thread but Hazelcast's own still keeps the JVM up, and shuts the
 * instance down, which lets the JVM exit as if the agent were not there.
 */
final class ExitWatch implements Runnable {

    private static final long POLL_MILLIS = 200;

    private final String memberThreadPrefix;
    private final String clientThreadPrefix;
    private final Runnable shutdown;

    private ExitWatch(String instanceName, Runnable shutdown) {
        // A member names its threads "hz.NAME.", a client "NAME." (both non-daemon).
        this.memberThreadPrefix = "hz." + instanceName + ".";
        this.clientThreadPrefix = instanceName + ".";
        this.shutdown = shutdown;
    }

    static void start(String instanceName, Runnable shutdown) {
        Thread thread = new Thread(new ExitWatch(instanceName, shutdown), "coordination-exit-watch");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        try {
            while (!onlyHazelcastKeepsJvmAlive()) {
                Thread.sleep(POLL_MILLIS);
            }
            shutdown.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean onlyHazelcastKeepsJvmAlive() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() * 2 + 16];
        int count = root.enumerate(threads, true);
        for (int i = 0; i < count; i++) {
            Thread thread = threads[i];
            if (thread.isDaemon() || !thread.isAlive()) {
                continue;
            }
            String name = thread.getName();
            // "DestroyJavaVM" is the launcher waiting for the last non-daemon thread after main returned.
            if (!name.startsWith(memberThreadPrefix)
                    && !name.startsWith(clientThreadPrefix)
                    && !name.equals("DestroyJavaVM")) {
                return false;
            }
        }
        return true;
    }
}
