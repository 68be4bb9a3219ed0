package dev.coordination;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.TimeUnit;

/**
 * The running JVM's coordinator: the static counterpart of OpenStack Cinder's {@code
 * coordination.COORDINATOR}, for code that needs more than {@link Synchronized}.
 *
 * <p>The coordinator is the {@code coordination} agent ({@code -javaagent:coordination-agent.jar}).
 * Without the agent every method except {@link #isActive()} throws {@link IllegalStateException}
 * saying how to attach it. With it, the agent connects to the lock cluster by itself when the JVM
 * starts; {@link #start()} and {@link #stop()} are for applications that manage the connection.
 *
 * <p>Thread-safe. All lock holds belong to the calling thread.
 */
public final class Coordination {

    private static final String NOT_ATTACHED = "the coordination agent is not attached to this JVM: start it with"
            + " -javaagent:/path/to/coordination-agent.jar (see the coordination README)";

    private Coordination() {}

    /**
     * @return whether the agent is attached and its coordinator installed. Without it,
     *     {@link Synchronized} methods run unlocked.
     */
    public static boolean isActive() {
        Bridge bridge = Bridge.find();
        if (bridge == null) {
            return false;
        }
        try {
            return (boolean) bridge.isActive.invokeExact();
        } catch (Throwable t) {
            return false;
        }
    }

    /**
     * @return this JVM's member id: {@code coordination.prefix} followed by {@code
     *     coordination.agent-id} (a random UUID unless configured)
     * @throws IllegalStateException without the agent
     */
    public static String memberId() {
        try {
            return (String) Bridge.required().memberId.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * The seed's {@code get_lock}: a handle on the distributed lock named {@code prefix + name}.
     * Holds taken through it and through {@link Synchronized} methods are the same holds.
     *
     * @param name the lock name without the prefix: not empty, at most 512 characters, no {@code @}
     * @return a handle on the lock; nothing is acquired yet
     * @throws LockTemplateException if the name is not a valid lock name
     * @throws IllegalStateException without the agent
     */
    public static DistributedLock getLock(String name) {
        if (name == null) {
            throw new NullPointerException("name cannot be null");
        }
        Bridge bridge = Bridge.required();
        try {
            Object handle = bridge.getLock.invokeExact(name, (Class<?>) Coordination.class);
            return new BridgedLock(bridge, name, handle);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * The fencing token of a lock the calling thread holds. Inside a {@link Synchronized} method
     * pass any of the method's rendered lock names (without the prefix). Tokens of one name only
     * grow, across holders, crashes, JVMs and restarts of the whole lock cluster (as long as the
     * hosts' wall clocks agree), so a resource that remembers the largest token it saw can refuse
     * writes from a holder that lost its lock. Tokens are large numbers, not a count from one:
     * compare them, nothing more.
     *
     * @param name the lock name without the prefix
     * @return the token handed out when the calling thread acquired the lock
     * @throws IllegalStateException if the calling thread does not hold that lock, or without the
     *     agent
     */
    public static long fence(String name) {
        if (name == null) {
            throw new NullPointerException("name cannot be null");
        }
        try {
            return (long) Bridge.required().fence.invokeExact(name);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * The seed's {@code synchronized_remove}: frees the cluster state of every lock whose name
     * (without the prefix) matches {@code glob} and that nobody holds. {@code *}, {@code ?} and
     * {@code [...]} work as in Python's {@code fnmatch}. A later lock on a removed name works
     * exactly as before.
     *
     * <p>Names share a fixed set of CP locks (lock stripes), so the cluster's memory stays bounded
     * even without this call; what it frees is the name's entry in the cluster's directory of lock
     * names. A matching name whose stripe is held at that moment (it may be the held one) is kept
     * and not counted; a later call frees it.
     *
     * @param glob the pattern of names to free
     * @return how many names were freed
     * @throws IllegalStateException without the agent, or when the lock cluster cannot be reached
     *     (nothing or only part was freed; call it again)
     */
    public static int synchronizedRemove(String glob) {
        if (glob == null) {
            throw new NullPointerException("glob cannot be null");
        }
        try {
            return (int) Bridge.required().synchronizedRemove.invokeExact(glob);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Connects to the lock cluster and starts the session heartbeat. The agent does this itself
     * when the JVM starts; calling it again does nothing.
     *
     * @throws IllegalStateException without the agent
     */
    public static void start() {
        try {
            Bridge.required().start.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Releases nothing that is held, but disconnects from the lock cluster and stops the
     * heartbeat; locks still held are then freed by the cluster. After {@code stop()} annotated
     * calls fail with {@link LockAcquireFailedException} until {@link #start()}. Calling it again
     * does nothing.
     *
     * @throws IllegalStateException without the agent
     */
    public static void stop() {
        try {
            Bridge.required().stop.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException) {
            throw (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        throw new IllegalStateException("coordination agent call failed: " + t, t);
    }

    /**
     * Method handles on the agent's bridge, a class the agent puts on the bootstrap class path.
     * Looked up once, when the agent is first seen; the calls themselves are plain invocations.
     */
    static final class Bridge {
        private static final String BRIDGE_CLASS = "dev.coordination.agent.bootstrap.LockBridge";
        private static volatile Bridge found;

        final MethodHandle isActive;
        final MethodHandle memberId;
        final MethodHandle getLock;
        final MethodHandle lock;
        final MethodHandle tryLock;
        final MethodHandle unlock;
        final MethodHandle isHeld;
        final MethodHandle fence;
        final MethodHandle synchronizedRemove;
        final MethodHandle start;
        final MethodHandle stop;

        private Bridge(Class<?> type) throws ReflectiveOperationException {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            isActive = lookup.findStatic(type, "isActive", MethodType.methodType(boolean.class));
            memberId = lookup.findStatic(type, "memberId", MethodType.methodType(String.class));
            getLock =
                    lookup.findStatic(type, "getLock", MethodType.methodType(Object.class, String.class, Class.class));
            lock = lookup.findStatic(type, "lock", MethodType.methodType(long.class, Object.class));
            tryLock =
                    lookup.findStatic(type, "tryLock", MethodType.methodType(boolean.class, Object.class, long.class));
            unlock = lookup.findStatic(type, "unlock", MethodType.methodType(void.class, Object.class));
            isHeld = lookup.findStatic(
                    type, "isHeldByCurrentThread", MethodType.methodType(boolean.class, Object.class));
            fence = lookup.findStatic(type, "fence", MethodType.methodType(long.class, String.class));
            synchronizedRemove =
                    lookup.findStatic(type, "synchronizedRemove", MethodType.methodType(int.class, String.class));
            start = lookup.findStatic(type, "start", MethodType.methodType(void.class));
            stop = lookup.findStatic(type, "stop", MethodType.methodType(void.class));
        }

        /** The bridge, or {@code null} when no agent put it on the bootstrap class path (yet). */
        static Bridge find() {
            Bridge bridge = found;
            if (bridge == null) {
                try {
                    bridge = new Bridge(Class.forName(BRIDGE_CLASS, true, null));
                    found = bridge;
                } catch (ClassNotFoundException | LinkageError e) {
                    return null;
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(
                            "the coordination agent on this JVM does not match"
                                    + " the coordination-annotations jar on the class path (" + e + ");"
                                    + " use the same version of both",
                            e);
                }
            }
            return bridge;
        }

        static Bridge required() {
            Bridge bridge = find();
            if (bridge == null) {
                throw new IllegalStateException(NOT_ATTACHED);
            }
            return bridge;
        }
    }

    /** A {@link DistributedLock} whose every operation is one call into the agent. */
    private static final class BridgedLock implements DistributedLock {
        private final Bridge bridge;
        private final String name;
        private final Object handle;

        BridgedLock(Bridge bridge, String name, Object handle) {
            this.bridge = bridge;
            this.name = name;
            this.handle = handle;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public long lock() {
            try {
                return (long) bridge.lock.invokeExact(handle);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        @Override
        public boolean tryLock() {
            try {
                return (boolean) bridge.tryLock.invokeExact(handle, -1L);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        @Override
        public boolean tryLock(long time, TimeUnit unit) {
            if (unit == null) {
                throw new NullPointerException("unit cannot be null");
            }
            long nanos = time <= 0 ? -1L : unit.toNanos(time);
            try {
                return (boolean) bridge.tryLock.invokeExact(handle, nanos);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        @Override
        public void unlock() {
            try {
                bridge.unlock.invokeExact(handle);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        @Override
        public boolean isHeldByCurrentThread() {
            try {
                return (boolean) bridge.isHeld.invokeExact(handle);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        @Override
        public void close() {
            unlock();
        }

        @Override
        public String toString() {
            return "DistributedLock[" + name + "]";
        }
    }
}
