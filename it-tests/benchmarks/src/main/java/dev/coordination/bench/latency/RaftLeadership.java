package dev.coordination.bench.latency;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Puts the benchmark JVM in the same place of its CP group every time: a follower of the {@code
 * default} group that holds the locks, never its Raft leader (where a lock call saves a network
 * hop). Raft elects a leader at random, so without this the agent's and the baseline's clusters
 * could differ by that hop. Works on Hazelcast's internal {@code RaftService} by reflection, one
 * call at set-up (never on the measured path), so the same code serves the baseline's Hazelcast and
 * the agent's relocated copy. Test class path, in a benchmark fork.
 */
public final class RaftLeadership {

    private static final String RAFT_SERVICE = "hz:core:raft";

    private RaftLeadership() {}

    /** The member of the agent's relocated Hazelcast running in this JVM. */
    public static Object agentMember() throws Exception {
        Class<?> hazelcast = Class.forName("dev.coordination.agent.shaded.com.hazelcast.core.Hazelcast");
        Collection<?> instances =
                (Collection<?>) hazelcast.getMethod("getAllHazelcastInstances").invoke(null);
        if (instances.size() != 1) {
            throw new IllegalStateException("expected the agent's one member in this JVM, found " + instances.size());
        }
        return instances.iterator().next();
    }

    /**
     * Makes this member a follower of group {@code default} (hands leadership to another CP member
     * when it leads) and says what it did; for a member outside the CP subsystem, says so.
     */
    public static String makeFollower(Object instance) throws Exception {
        Object cpConfig = call(call(instance, "getConfig"), "getCPSubsystemConfig");
        if ((int) call(cpConfig, "getCPMemberCount") == 0) {
            return "unsafe mode, no Raft";
        }
        Object management = call(call(instance, "getCPSubsystem"), "getCPSubsystemManagementService");
        Object local = call(management, "getLocalCPMember");
        if (local == null) {
            return "not a CP member";
        }
        Object group = await(call(management, "getCPGroup", "default"));
        Object groupId = call(group, "id");
        Object raft = raftService(instance);
        Object localId = call(local, "getUuid");
        if (!Objects.equals(leader(raft, groupId), localId)) {
            return "a follower of the CP group";
        }
        Object other = null;
        for (Object member : (Collection<?>) call(group, "members")) {
            if (!Objects.equals(call(member, "getUuid"), localId)) {
                other = member;
                break;
            }
        }
        await(call(raft, "transferLeadership", groupId, other));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (Objects.equals(leader(raft, groupId), localId) || leader(raft, groupId) == null) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("this member still leads the CP group 60 s after handing it over");
            }
            Thread.onSpinWait();
        }
        return "a follower of the CP group (it led it and handed leadership over)";
    }

    private static Object leader(Object raft, Object groupId) throws Exception {
        Object node = call(raft, "getRaftNode", groupId);
        Object leader = node == null ? null : call(node, "getLeader");
        return leader == null ? null : call(leader, "getUuid");
    }

    private static Object raftService(Object instance) throws Exception {
        Object original = call(instance, "getOriginal");
        Field nodeField = original.getClass().getDeclaredField("node");
        nodeField.setAccessible(true);
        Object node = nodeField.get(original);
        return call(call(node, "getNodeEngine"), "getService", RAFT_SERVICE);
    }

    private static Object await(Object future) throws Exception {
        Future<?> plain =
                future instanceof Future ? (Future<?>) future : ((CompletionStage<?>) future).toCompletableFuture();
        return plain.get(60, TimeUnit.SECONDS);
    }

    /** Calls the public or inherited method {@code name} that takes {@code args.length} arguments. */
    private static Object call(Object target, String name, Object... args) throws Exception {
        for (Class<?> type = target.getClass(); type != null; type = type.getSuperclass()) {
            for (Method method : type.getDeclaredMethods()) {
                if (method.getName().equals(name) && method.getParameterCount() == args.length && !method.isBridge()) {
                    method.setAccessible(true);
                    return method.invoke(target, args);
                }
            }
        }
        for (Method method : target.getClass().getMethods()) {
            if (method.getName().equals(name) && method.getParameterCount() == args.length) {
                method.setAccessible(true);
                return method.invoke(target, args);
            }
        }
        throw new NoSuchMethodException(target.getClass().getName() + "." + name + "/" + args.length);
    }
}
