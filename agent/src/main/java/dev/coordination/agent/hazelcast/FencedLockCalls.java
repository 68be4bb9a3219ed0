package dev.coordination.agent.hazelcast;

import com.hazelcast.client.cp.internal.datastructures.lock.FencedLockProxy;
import com.hazelcast.cp.internal.RaftGroupId;
import com.hazelcast.cp.internal.datastructures.lock.LockOwnershipState;
import com.hazelcast.cp.internal.datastructures.lock.proxy.AbstractFencedLockProxy;
import com.hazelcast.cp.internal.session.AbstractProxySessionManager;
import com.hazelcast.cp.internal.session.SessionAwareProxy;
import com.hazelcast.cp.lock.FencedLock;
import com.hazelcast.spi.impl.InternalCompletableFuture;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentMap;

/**
 * The asynchronous calls under Hazelcast 5.4's {@code FencedLock} proxies (members' and clients'
 * alike), which its public API only offers blocking, and blocking far past any timeout while a CP
 * group has no leader ({@code CpFailuresIT}). Going one level down lets every call wait exactly as
 * long as its caller may. Hazelcast is pinned to 5.4.0 (the last open-source release with a CP
 * subsystem), so these protected methods cannot move under us; method handles are looked up once,
 * so calls cost what a direct call costs.
 */
final class FencedLockCalls {

    private static final MethodHandle ACQUIRE_SESSION;
    private static final MethodHandle RELEASE_SESSION;
    private static final MethodHandle INVALIDATE_SESSION;
    private static final MethodHandle GET_SESSION;
    private static final MethodHandle DO_TRY_LOCK;
    private static final MethodHandle DO_UNLOCK;
    private static final MethodHandle DO_GET_OWNERSHIP;
    private static final MethodHandle SESSION_MANAGER;
    private static final MethodHandle SESSIONS;
    private static final MethodHandle SESSION_IN_USE;
    private static final MethodHandle SESSION_CREATED;
    private static final MethodHandle SESSION_TTL;
    private static final MethodHandle SESSION_ID;
    private static final MethodHandle HEARTBEAT;

    static {
        try {
            MethodHandles.Lookup session =
                    MethodHandles.privateLookupIn(SessionAwareProxy.class, MethodHandles.lookup());
            MethodHandles.Lookup lock =
                    MethodHandles.privateLookupIn(AbstractFencedLockProxy.class, MethodHandles.lookup());
            ACQUIRE_SESSION = session.findVirtual(
                            SessionAwareProxy.class, "acquireSession", MethodType.methodType(long.class))
                    .asType(MethodType.methodType(long.class, FencedLock.class));
            RELEASE_SESSION = session.findVirtual(
                            SessionAwareProxy.class, "releaseSession", MethodType.methodType(void.class, long.class))
                    .asType(MethodType.methodType(void.class, FencedLock.class, long.class));
            INVALIDATE_SESSION = session.findVirtual(
                            SessionAwareProxy.class, "invalidateSession", MethodType.methodType(void.class, long.class))
                    .asType(MethodType.methodType(void.class, FencedLock.class, long.class));
            GET_SESSION = session.findVirtual(SessionAwareProxy.class, "getSession", MethodType.methodType(long.class))
                    .asType(MethodType.methodType(long.class, FencedLock.class));
            DO_TRY_LOCK = lock.findVirtual(
                            AbstractFencedLockProxy.class,
                            "doTryLock",
                            MethodType.methodType(
                                    InternalCompletableFuture.class, long.class, long.class, UUID.class, long.class))
                    .asType(MethodType.methodType(
                            InternalCompletableFuture.class,
                            FencedLock.class,
                            long.class,
                            long.class,
                            UUID.class,
                            long.class));
            DO_UNLOCK = lock.findVirtual(
                            AbstractFencedLockProxy.class,
                            "doUnlock",
                            MethodType.methodType(InternalCompletableFuture.class, long.class, long.class, UUID.class))
                    .asType(MethodType.methodType(
                            InternalCompletableFuture.class, FencedLock.class, long.class, long.class, UUID.class));
            DO_GET_OWNERSHIP = lock.findVirtual(
                            AbstractFencedLockProxy.class,
                            "doGetLockOwnershipState",
                            MethodType.methodType(InternalCompletableFuture.class))
                    .asType(MethodType.methodType(InternalCompletableFuture.class, FencedLock.class));
            SESSION_MANAGER = session.findGetter(
                            SessionAwareProxy.class, "sessionManager", AbstractProxySessionManager.class)
                    .asType(MethodType.methodType(AbstractProxySessionManager.class, FencedLock.class));
            MethodHandles.Lookup manager =
                    MethodHandles.privateLookupIn(AbstractProxySessionManager.class, MethodHandles.lookup());
            SESSIONS = manager.findGetter(AbstractProxySessionManager.class, "sessions", ConcurrentMap.class)
                    .asType(MethodType.methodType(Map.class, AbstractProxySessionManager.class));
            HEARTBEAT = manager.findVirtual(
                    AbstractProxySessionManager.class,
                    "heartbeat",
                    MethodType.methodType(InternalCompletableFuture.class, RaftGroupId.class, long.class));
            Class<?> state = Class.forName(AbstractProxySessionManager.class.getName() + "$SessionState");
            MethodHandles.Lookup states = MethodHandles.privateLookupIn(state, MethodHandles.lookup());
            SESSION_IN_USE = states.findVirtual(state, "isInUse", MethodType.methodType(boolean.class))
                    .asType(MethodType.methodType(boolean.class, Object.class));
            SESSION_CREATED = states.findGetter(state, "creationTime", long.class)
                    .asType(MethodType.methodType(long.class, Object.class));
            SESSION_TTL = states.findGetter(state, "ttlMillis", long.class)
                    .asType(MethodType.methodType(long.class, Object.class));
            SESSION_ID =
                    states.findGetter(state, "id", long.class).asType(MethodType.methodType(long.class, Object.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private FencedLockCalls() {}

    /**
     * Whether {@link #acquireSession} would return at once: this JVM has a session in the lock's CP
     * group that Hazelcast still takes as valid for at least {@code marginMillis} more. Otherwise it
     * opens a new one, a remote call that waits for an answer as long as Hazelcast likes (two minutes
     * for a client whose cluster is gone: {@code ClientModeIT}). Hazelcast takes a session that no
     * thread uses as expired a TTL after it was <em>created</em>, however recent its heartbeats.
     */
    static boolean sessionUsable(FencedLock lock, long marginMillis) {
        try {
            AbstractProxySessionManager sessionManager =
                    (AbstractProxySessionManager) SESSION_MANAGER.invokeExact(lock);
            Map<?, ?> sessions = (Map<?, ?>) SESSIONS.invokeExact(sessionManager);
            Object state = sessions.get(((SessionAwareProxy) lock).getGroupId());
            if (state == null) {
                return false;
            }
            if ((boolean) SESSION_IN_USE.invokeExact(state)) {
                return true;
            }
            long expires = (long) SESSION_CREATED.invokeExact(state) + (long) SESSION_TTL.invokeExact(state);
            return expires < 0 || expires - marginMillis > System.currentTimeMillis();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Hazelcast's record of session {@code sessionId} in the lock's CP group, or {@code null} when
     * the session this JVM has there now is another (or none). A record is made each time a session
     * is opened and dropped when it ends, so its identity tells one session from the next, even when
     * a new CP group hands out the same id again. A look-up in a map, no remote call.
     */
    static Object sessionRecord(FencedLock lock, long sessionId) {
        try {
            AbstractProxySessionManager sessionManager =
                    (AbstractProxySessionManager) SESSION_MANAGER.invokeExact(lock);
            Map<?, ?> sessions = (Map<?, ?>) SESSIONS.invokeExact(sessionManager);
            Object state = sessions.get(((SessionAwareProxy) lock).getGroupId());
            return state != null && (long) SESSION_ID.invokeExact(state) == sessionId ? state : null;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * The TTL the CP group gave session {@code sessionId} when it opened it, or {@code -1} when this
     * JVM no longer has that session (Hazelcast saw it end, or it was dropped). No remote call.
     */
    static long sessionTtlMillis(FencedLock lock, long sessionId) {
        Object state = sessionRecord(lock, sessionId);
        try {
            return state == null ? -1 : (long) SESSION_TTL.invokeExact(state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Sends one heartbeat of session {@code sessionId} to the lock's CP group: completes once the
     * group applied it, or fails with {@code SessionExpiredException} when the session has ended.
     */
    @SuppressWarnings("unchecked")
    static InternalCompletableFuture<Object> heartbeat(FencedLock lock, long sessionId) {
        try {
            AbstractProxySessionManager sessionManager =
                    (AbstractProxySessionManager) SESSION_MANAGER.invokeExact(lock);
            return (InternalCompletableFuture<Object>)
                    HEARTBEAT.invokeExact(sessionManager, ((SessionAwareProxy) lock).getGroupId(), sessionId);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Drops every CP session {@code sessionManager} keeps, without telling the cluster: for a client
     * whose whole cluster was replaced, where none of them exists any more. The next call opens a
     * new one; an old session id, which the new cluster may have handed out to another JVM, is
     * never sent again (no heartbeat either).
     */
    static void forgetSessions(AbstractProxySessionManager sessionManager) {
        try {
            Map<?, ?> sessions = (Map<?, ?>) SESSIONS.invokeExact(sessionManager);
            for (Map.Entry<?, ?> session : sessions.entrySet()) {
                sessionManager.invalidateSession(
                        (RaftGroupId) session.getKey(), (long) SESSION_ID.invokeExact(session.getValue()));
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * The session-aware lock these calls work on. A member's proxy is one; a client's {@code
     * FencedLockProxy} keeps one in its private field {@code lock} (same session logic, with the
     * client's session manager). Looked up once per lock name, never per call.
     */
    static FencedLock sessionAware(FencedLock proxy) {
        if (proxy instanceof AbstractFencedLockProxy) {
            return proxy;
        }
        if (proxy instanceof FencedLockProxy) {
            try {
                return (FencedLock) ClientProxyField.LOCK.invokeExact((FencedLockProxy) proxy);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }
        throw new IllegalStateException("unexpected FencedLock proxy "
                + proxy.getClass().getName() + " (coordination supports Hazelcast 5.4.0 members and clients)");
    }

    /** Loaded only when a client's proxy shows up. */
    private static final class ClientProxyField {
        static final MethodHandle LOCK;

        static {
            try {
                java.lang.reflect.Field field = FencedLockProxy.class.getDeclaredField("lock");
                field.setAccessible(true);
                LOCK = MethodHandles.lookup()
                        .unreflectGetter(field)
                        .asType(MethodType.methodType(FencedLock.class, FencedLockProxy.class));
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    /** Counts one more use of the CP session (creating it, a remote call, when there is none). */
    static long acquireSession(FencedLock lock) {
        try {
            return (long) ACQUIRE_SESSION.invokeExact(lock);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void releaseSession(FencedLock lock, long sessionId) {
        try {
            RELEASE_SESSION.invokeExact(lock, sessionId);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void invalidateSession(FencedLock lock, long sessionId) {
        try {
            INVALIDATE_SESSION.invokeExact(lock, sessionId);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The current CP session id, or {@code -1} (no session) without a remote call. */
    static long session(FencedLock lock) {
        try {
            return (long) GET_SESSION.invokeExact(lock);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Completes with the fence, or {@link FencedLock#INVALID_FENCE} when not acquired in time. */
    @SuppressWarnings("unchecked")
    static InternalCompletableFuture<Long> tryLock(
            FencedLock lock, long sessionId, long threadId, UUID invocation, long timeoutMillis) {
        try {
            return (InternalCompletableFuture<Long>)
                    DO_TRY_LOCK.invokeExact(lock, sessionId, threadId, invocation, timeoutMillis);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Completes with whether the thread still holds the lock (reentrant holds). */
    @SuppressWarnings("unchecked")
    static InternalCompletableFuture<Boolean> unlock(FencedLock lock, long sessionId, long threadId, UUID invocation) {
        try {
            return (InternalCompletableFuture<Boolean>) DO_UNLOCK.invokeExact(lock, sessionId, threadId, invocation);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Completes with who holds the lock (a linearizable read through the CP group's leader), which
     * leaves nothing behind in the lock's state, unlike a failed {@link #tryLock} ({@code
     * HazelcastLock}).
     */
    @SuppressWarnings("unchecked")
    static InternalCompletableFuture<LockOwnershipState> ownership(FencedLock lock) {
        try {
            return (InternalCompletableFuture<LockOwnershipState>) DO_GET_OWNERSHIP.invokeExact(lock);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException) {
            return (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        return new IllegalStateException(t);
    }
}
