package dev.coordination.agent.bootstrap;

/**
 * The one agent class every application class loader can see: the agent appends this package to
 * the bootstrap class path before it instruments anything. Inlined advice and the {@code
 * Coordination} facade call its static methods, which forward to the dispatcher the agent's
 * runtime installed. Until then every call throws: a method is never run unlocked because the
 * agent was not ready.
 */
public final class LockBridge {

    private static final LockDispatcher NOT_INSTALLED = new NotInstalled();

    private static volatile LockDispatcher dispatcher = NOT_INSTALLED;

    private LockBridge() {}

    public static void install(LockDispatcher installed) {
        if (installed == null) {
            throw new NullPointerException("dispatcher cannot be null");
        }
        dispatcher = installed;
    }

    /** For tests that install a dispatcher of their own. */
    public static void uninstall() {
        dispatcher = NOT_INSTALLED;
    }

    public static boolean isActive() {
        return dispatcher.isActive();
    }

    public static Object enter(int site, Object self, Object[] args) {
        return dispatcher.enter(site, self, args);
    }

    public static void exit(Object held, Throwable thrown) {
        dispatcher.exit(held, thrown);
    }

    /** Called, then thrown, by a method whose class could not be instrumented: it fails closed. */
    public static RuntimeException refusal(int site) {
        return dispatcher.refusal(site);
    }

    public static String memberId() {
        return dispatcher.memberId();
    }

    public static Object getLock(String name, Class<?> api) {
        return dispatcher.getLock(name, api);
    }

    public static long lock(Object lock) {
        return dispatcher.lock(lock);
    }

    public static boolean tryLock(Object lock, long timeoutNanos) {
        return dispatcher.tryLock(lock, timeoutNanos);
    }

    public static void unlock(Object lock) {
        dispatcher.unlock(lock);
    }

    public static boolean isHeldByCurrentThread(Object lock) {
        return dispatcher.isHeldByCurrentThread(lock);
    }

    public static long fence(String name) {
        return dispatcher.fence(name);
    }

    public static int synchronizedRemove(String glob) {
        return dispatcher.synchronizedRemove(glob);
    }

    public static void start() {
        dispatcher.start();
    }

    public static void stop() {
        dispatcher.stop();
    }

    /** Fails every call: the agent's runtime is not (or no longer) installed. */
    private static final class NotInstalled implements LockDispatcher {
        private static IllegalStateException notReady() {
            return new IllegalStateException("the coordination agent's runtime is not installed in this"
                    + " JVM (the agent failed to start or is still starting); the call was refused so"
                    + " that nothing runs unlocked");
        }

        @Override
        public boolean isActive() {
            return false;
        }

        @Override
        public Object enter(int site, Object self, Object[] args) {
            throw notReady();
        }

        @Override
        public void exit(Object held, Throwable thrown) {
            throw notReady();
        }

        @Override
        public RuntimeException refusal(int site) {
            return notReady();
        }

        @Override
        public String memberId() {
            throw notReady();
        }

        @Override
        public Object getLock(String name, Class<?> api) {
            throw notReady();
        }

        @Override
        public long lock(Object lock) {
            throw notReady();
        }

        @Override
        public boolean tryLock(Object lock, long timeoutNanos) {
            throw notReady();
        }

        @Override
        public void unlock(Object lock) {
            throw notReady();
        }

        @Override
        public boolean isHeldByCurrentThread(Object lock) {
            throw notReady();
        }

        @Override
        public long fence(String name) {
            throw notReady();
        }

        @Override
        public int synchronizedRemove(String glob) {
            throw notReady();
        }

        @Override
        public void start() {
            throw notReady();
        }

        @Override
        public void stop() {
            throw notReady();
        }
    }
}
