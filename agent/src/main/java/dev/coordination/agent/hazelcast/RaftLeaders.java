package dev.coordination.agent.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.CPGroupId;
import com.hazelcast.cp.CPMember;
import com.hazelcast.cp.exception.NotLeaderException;
import com.hazelcast.cp.internal.RaftService;
import com.hazelcast.cp.internal.raft.impl.RaftEndpoint;
import com.hazelcast.cp.internal.raft.impl.RaftNode;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.spi.impl.operationservice.impl.Invocation;
import com.hazelcast.spi.impl.operationservice.impl.InvocationFuture;
import com.hazelcast.spi.impl.operationservice.impl.InvocationRegistry;
import com.hazelcast.spi.impl.operationservice.impl.OperationServiceImpl;
import com.hazelcast.spi.impl.operationservice.impl.RaftInvocation;
import com.hazelcast.spi.impl.operationservice.impl.RaftInvocationContext;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this member's CP calls going to the leader its own Raft nodes know. Hazelcast 5.4 sends
 * every CP call (lock requests, session heartbeats, the calls its clients make through this member)
 * to the leader it last heard from, and forgets that leader only when it answers "not the leader"
 * or leaves the cluster. A leader cut off by a partition does neither: it cannot answer, and it
 * stays a cluster member until the member heartbeat timeout (Hazelcast's default 60 s; the agent sets 10 s unless configured). Calls then wait for it until
 * their own timeout, and are sent to it again, although the majority elected a new leader within
 * seconds; sessions on the majority side expire for want of heartbeats ({@code PartitionIT}).
 *
 * <p>A CP member of a group learns the new leader as soon as it is elected. This watch then makes
 * it the leader calls go to, and answers the calls still waiting for another member as that member
 * would if it could: "not the leader; the leader is ...", which Hazelcast handles by sending them
 * again (the lock calls carry an invocation id, so a call is never applied twice). Members outside
 * the group, and clients, learn the leader from a member that answers. Agent jar, system class
 * loader.
 */
final class RaftLeaders implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(RaftLeaders.class);

    /** How often the member's Raft nodes are compared with the invocation layer's leaders. */
    static final long CHECK_MILLIS = 100;
    /** How long after a change calls still waiting for the old leader are looked for. */
    private static final long REROUTE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final MethodHandle KNOWN_LEADERS;
    private static final MethodHandle SET_KNOWN_LEADER;
    private static final MethodHandle GROUP_OF_CALL;
    private static final MethodHandle TARGET_OF_CALL;
    private static final MethodHandle NOTIFY_ERROR;
    private static final MethodHandle FUTURE_OF_CALL;

    static {
        try {
            MethodHandles.Lookup context =
                    MethodHandles.privateLookupIn(RaftInvocationContext.class, MethodHandles.lookup());
            KNOWN_LEADERS = context.findGetter(RaftInvocationContext.class, "knownLeaders", ConcurrentMap.class)
                    .asType(MethodType.methodType(Map.class, RaftInvocationContext.class));
            SET_KNOWN_LEADER = context.findVirtual(
                            RaftInvocationContext.class,
                            "setKnownLeader",
                            MethodType.methodType(boolean.class, CPGroupId.class, CPMember.class))
                    .asType(MethodType.methodType(
                            void.class, RaftInvocationContext.class, CPGroupId.class, CPMember.class));
            MethodHandles.Lookup call = MethodHandles.privateLookupIn(RaftInvocation.class, MethodHandles.lookup());
            GROUP_OF_CALL = call.findGetter(RaftInvocation.class, "groupId", CPGroupId.class);
            TARGET_OF_CALL = call.findGetter(RaftInvocation.class, "lastInvocationEndpoint", CPMember.class);
            MethodHandles.Lookup anyCall = MethodHandles.privateLookupIn(Invocation.class, MethodHandles.lookup());
            NOTIFY_ERROR = anyCall.findVirtual(
                            Invocation.class, "notifyError", MethodType.methodType(void.class, Object.class))
                    .asType(MethodType.methodType(void.class, RaftInvocation.class, Object.class));
            FUTURE_OF_CALL = anyCall.findGetter(Invocation.class, "future", InvocationFuture.class)
                    .asType(MethodType.methodType(InvocationFuture.class, RaftInvocation.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final HazelcastInstance instance;
    private final RaftService raft;
    private final RaftInvocationContext invocations;
    private final InvocationRegistry calls;
    /** Groups whose leader changed lately: the leader's endpoint, and until when to re-route. */
    private final Map<CPGroupId, Change> changes = new HashMap<>();

    private RaftLeaders(HazelcastInstance instance, RaftService raft) {
        this.instance = instance;
        this.raft = raft;
        this.invocations = raft.getInvocationManager().getRaftInvocationContext();
        this.calls = ((OperationServiceImpl) ((HazelcastInstanceProxy) instance)
                        .getOriginal()
                        .node
                        .getNodeEngine()
                        .getOperationService())
                .getInvocationRegistry();
    }

    /** Starts the watch on a daemon thread for as long as the member runs; nothing to do without Raft. */
    static void watch(HazelcastInstance instance) {
        RaftService raft = RaftGroups.raftService(instance);
        if (raft == null || instance.getConfig().getCPSubsystemConfig().getCPMemberCount() == 0) {
            return;
        }
        Thread thread = new Thread(new RaftLeaders(instance, raft), "coordination-raft-leaders");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        try {
            while (instance.getLifecycleService().isRunning()) {
                try {
                    check();
                } catch (RuntimeException e) {
                    log.debug("Could not compare the CP groups' leaders: {}", e.toString());
                }
                TimeUnit.MILLISECONDS.sleep(CHECK_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void check() {
        long now = System.nanoTime();
        for (Map.Entry<CPGroupId, CPMember> entry : knownLeaders().entrySet()) {
            CPGroupId group = entry.getKey();
            RaftNode node = raft.getRaftNode(group);
            RaftEndpoint leader = node == null ? null : node.getLeader();
            if (leader == null || leader.getUuid().equals(entry.getValue().getUuid())) {
                continue;
            }
            CPMember member = invocations.getCPMember(leader.getUuid());
            if (member != null) {
                invoke(SET_KNOWN_LEADER, group, member);
                changes.put(group, new Change(node.getLocalMember(), leader, now + REROUTE_NANOS));
                log.debug(
                        "CP group {}: calls now go to its new leader {} (they went to {})",
                        group.getName(),
                        member.getAddress(),
                        entry.getValue().getAddress());
            }
        }
        if (!changes.isEmpty()) {
            changes.values().removeIf(change -> now - change.untilNanos > 0);
            reroute();
        }
    }

    /** Calls of a group that changed leader, still waiting for another member, are sent to the leader. */
    private void reroute() {
        for (Invocation call : calls) {
            if (!(call instanceof RaftInvocation)) {
                continue;
            }
            RaftInvocation raftCall = (RaftInvocation) call;
            if (((InvocationFuture<?>) get(FUTURE_OF_CALL, raftCall)).isDone()) {
                continue; // answered meanwhile; Hazelcast also never retries a call it deregistered
            }
            CPGroupId group = (CPGroupId) get(GROUP_OF_CALL, raftCall);
            Change change = changes.get(group);
            CPMember target = (CPMember) get(TARGET_OF_CALL, raftCall);
            if (change == null || target == null || target.getUuid().equals(change.leader.getUuid())) {
                continue;
            }
            try {
                NOTIFY_ERROR.invokeExact(raftCall, (Object) new NotLeaderException(group, change.local, change.leader));
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private Map<CPGroupId, CPMember> knownLeaders() {
        try {
            return (Map<CPGroupId, CPMember>) KNOWN_LEADERS.invokeExact(invocations);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private void invoke(MethodHandle setter, CPGroupId group, CPMember leader) {
        try {
            setter.invokeExact(invocations, group, leader);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static Object get(MethodHandle getter, RaftInvocation call) {
        try {
            return getter.invoke(call);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** A new leader, seen by this member's Raft node ({@code local}), and until when to re-route calls. */
    private static final class Change {
        final RaftEndpoint local;
        final RaftEndpoint leader;
        final long untilNanos;

        Change(RaftEndpoint local, RaftEndpoint leader, long untilNanos) {
            this.local = local;
            this.leader = leader;
            this.untilNanos = untilNanos;
        }
    }
}
