package dev.coordination.agent.runtime;

import java.lang.ref.WeakReference;
import java.lang.reflect.Constructor;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Makes the public exceptions of {@code coordination-annotations} as the application sees them:
 * the classes its own class loader holds, which the agent (loaded by the system class loader) cannot
 * name. Resolved by reflection on the failure path only, and cached per class loader for as long
 * as a failure holds on to them: the constructors reference the loader's classes, so a strong cache
 * would keep every application class loader that ever failed a call alive
 * (ApiExceptionsTest#doesNotKeepTheApplicationsClassLoaderAlive). When a loader cannot see the
 * annotations jar the JDK's nearest exceptions stand in, so a failure is never lost.
 */
final class ApiExceptions {

    private static final String ACQUIRE_FAILED = "dev.coordination.LockAcquireFailedException";
    private static final String TEMPLATE = "dev.coordination.LockTemplateException";
    private static final String LOST = "dev.coordination.LockLostException";
    private static final String DEADLOCK = "dev.coordination.LockDeadlockException";

    private static final Map<ClassLoader, WeakReference<ApiExceptions>> byLoader = new WeakHashMap<>();
    /**
     * Guards {@link #byLoader}. Not {@code synchronized}: every {@code Coordination.getLock} passes
     * here, and on Java 21-23 a virtual thread that blocks on a monitor, or loads a class through an
     * application class loader while holding one, pins its carrier thread; a {@code ReentrantLock}
     * lets it unmount (VirtualThreadsIT measures the pinned events on Java 25).
     */
    private static final ReentrantLock byLoaderLock = new ReentrantLock();

    private static final ApiExceptions JDK_ONLY = new ApiExceptions(null);

    private final Constructor<?> acquireFailed;
    private final Constructor<?> template;
    private final Constructor<?> lost;
    private final Constructor<?> deadlock;

    private ApiExceptions(ClassLoader loader) {
        acquireFailed = constructor(loader, ACQUIRE_FAILED, String.class, String.class, Throwable.class);
        template = constructor(loader, TEMPLATE, String.class, Throwable.class);
        lost = constructor(loader, LOST, String.class, String.class, Throwable.class);
        deadlock = constructor(loader, DEADLOCK, String.class, String.class, Throwable.class);
    }

    static ApiExceptions forLoader(ClassLoader loader) {
        if (loader == null) {
            return JDK_ONLY;
        }
        byLoaderLock.lock();
        try {
            WeakReference<ApiExceptions> cached = byLoader.get(loader);
            ApiExceptions exceptions = cached == null ? null : cached.get();
            if (exceptions == null) {
                exceptions = new ApiExceptions(loader);
                byLoader.put(loader, new WeakReference<>(exceptions));
            }
            return exceptions;
        } finally {
            byLoaderLock.unlock();
        }
    }

    private static Constructor<?> constructor(ClassLoader loader, String name, Class<?>... parameters) {
        if (loader == null) {
            return null;
        }
        try {
            return Class.forName(name, false, loader).getConstructor(parameters);
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    RuntimeException acquireFailed(String message, String lockName, Throwable cause) {
        RuntimeException made = make(acquireFailed, message, lockName, cause);
        return made != null ? made : new IllegalStateException(message, cause);
    }

    /** A {@code LockDeadlockException}; where the application's annotations jar predates it, its parent. */
    RuntimeException deadlock(String message, String lockName) {
        RuntimeException made = make(deadlock, message, lockName, null);
        return made != null ? made : acquireFailed(message, lockName, null);
    }

    RuntimeException template(String message, Throwable cause) {
        RuntimeException made = make(template, message, cause);
        return made != null ? made : new IllegalArgumentException(message, cause);
    }

    RuntimeException lost(String message, String lockName, Throwable cause) {
        RuntimeException made = make(lost, message, lockName, cause);
        return made != null ? made : new IllegalStateException(message, cause);
    }

    private static RuntimeException make(Constructor<?> constructor, Object... arguments) {
        if (constructor == null) {
            return null;
        }
        try {
            return (RuntimeException) constructor.newInstance(arguments);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
