package dev.coordination.agent.hazelcast;

import com.hazelcast.cluster.InitialMembershipEvent;
import com.hazelcast.cluster.InitialMembershipListener;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.core.HazelcastInstance;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one member (an application JVM's embedded member, or a dedicated member) can trust its
 * cluster with. In Hazelcast's CP unsafe mode ({@code coordination.cp-member-count=0}) a lock lives
 * on a partition without Raft: once the cluster has two or more data members, a lock acknowledged
 * to one JVM can be lost when a member crashes, and under a network split both sides grant it and
 * hand out fences of their own (the smaller side's are dropped at the merge, so fences can go
 * backwards). So from the second data member on, an application JVM refuses every acquire ({@link
 * #refusal}, read once per locked call) unless {@code coordination.allow-unsafe-cluster=true}; a
 * dedicated member cannot refuse its clients' calls, and says so. Lite members (the {@code cp}
 * commands) and clients hold no data and do not count. Each change of the data members is logged
 * once: ERROR while unsafe and not allowed, WARN while allowed, INFO when this member is alone
 * again. Agent jar, system class loader; Hazelcast calls the listener on its event threads.
 */
final class ClusterMode implements InitialMembershipListener {

    /** Where {@link ClusterModeTask} finds this object in the member's user context, for {@code cp status}. */
    static final String USER_CONTEXT_KEY = "coordination.cluster-mode";

    static final String SINGLE = "single member, CP unsafe mode";
    private static final String SETTINGS =
            "set coordination.cp-member-count=3 or more for Raft, or" + " coordination.allow-unsafe-cluster=true";
    private static final String RISK =
            "a lock can be lost when a member crashes, and both sides of a" + " network split grant it";

    private static final Logger log = LoggerFactory.getLogger(ClusterMode.class);

    /** Who watches: an application JVM refuses its own locks; a dedicated member can only warn. */
    enum Role {
        EMBEDDED,
        DEDICATED
    }

    /** Where the lines go: the agent's log, or a test's list. */
    interface Lines {
        void error(String line);

        void warn(String line);

        void info(String line);
    }

    private static final Lines LOG = new Lines() {
        @Override
        public void error(String line) {
            log.error(line);
        }

        @Override
        public void warn(String line) {
            log.warn(line);
        }

        @Override
        public void info(String line) {
            log.info(line);
        }
    };

    private final Role role;
    private final boolean allowUnsafe;
    private final Lines lines;
    private volatile String refusal;
    private volatile String mode = "starting";
    /** Guarded by this: the instance and cluster watched, and its data members at the last change. */
    private HazelcastInstance watched;

    private String clusterName = "";
    private int dataMembers;

    ClusterMode(Role role, boolean allowUnsafe) {
        this(role, allowUnsafe, LOG);
    }

    ClusterMode(Role role, boolean allowUnsafe, Lines lines) {
        this.role = role;
        this.allowUnsafe = allowUnsafe;
        this.lines = lines;
    }

    /**
     * Starts watching a member that has just joined its cluster: with a CP subsystem there is
     * nothing to watch; in unsafe mode its data members are counted now (on this thread, before any
     * lock is served) and at every change.
     */
    void watch(HazelcastInstance instance) {
        int cpMembers = instance.getConfig().getCPSubsystemConfig().getCPMemberCount();
        synchronized (this) {
            watched = instance;
        }
        if (cpMembers > 0) {
            cpSubsystem(cpMembers);
            return;
        }
        unsafeMode(instance.getConfig().getClusterName());
        instance.getCluster().addMembershipListener(this);
    }

    synchronized void cpSubsystem(int cpMembers) {
        refusal = null;
        mode = "CP subsystem of " + cpMembers;
    }

    /** Unsafe mode in cluster {@code name}; the first membership event ({@link #init}) says how many. */
    synchronized void unsafeMode(String name) {
        clusterName = name;
        dataMembers = 0;
        refusal = null;
        mode = "CP unsafe mode, members not counted yet";
    }

    /** A new member is about to start: nothing is refused until it has counted its cluster. */
    synchronized void starting() {
        watched = null;
        dataMembers = 0;
        refusal = null;
        mode = "starting";
    }

    /**
     * {@code instance} has left its cluster; nothing changes when it is not the one watched (a
     * start given up by {@code Coordination.stop()} may end after the next start began).
     */
    synchronized void stopped(HazelcastInstance instance) {
        if (instance != watched) {
            return;
        }
        dataMembers = 0;
        refusal = null;
        mode = "stopped";
    }

    /** Why every acquire is refused now, naming both settings; {@code null} while locks are served. */
    String refusal() {
        return refusal;
    }

    /** The mode in a few words, for the MBean and {@code cp status}. */
    String mode() {
        return mode;
    }

    @Override
    public void init(InitialMembershipEvent event) {
        changed(event.getMembers(), null);
    }

    /**
     * The members counted are the cluster's now, not the event's: Hazelcast delivers the events of
     * different members on different threads, so a later change may arrive first, and the last event
     * handled must leave the count right.
     */
    @Override
    public void memberAdded(MembershipEvent event) {
        if (!event.getMember().isLiteMember()) {
            changed(event.getCluster().getMembers(), event.getMember().getAddress() + " joined");
        }
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
        if (!event.getMember().isLiteMember()) {
            changed(event.getCluster().getMembers(), event.getMember().getAddress() + " left");
        }
    }

    private synchronized void changed(Set<Member> members, String change) {
        List<String> data = new ArrayList<>();
        for (Member member : members) {
            if (!member.isLiteMember()) {
                data.add(member.getAddress()
                        + (!member.localMember() ? "" : role == Role.EMBEDDED ? " (this JVM)" : " (this member)"));
            }
        }
        int before = dataMembers;
        dataMembers = data.size();
        int count = data.size();
        String cluster = "Cluster \"" + clusterName + "\"";
        String listed = ". Members: " + String.join(", ", data) + (change == null ? "" : " (" + change + ")");
        if (count < 2) {
            refusal = null;
            mode = SINGLE;
            if (before >= 2) {
                lines.info(cluster + " is down to this member (" + change + "), in CP unsafe mode"
                        + (role == Role.EMBEDDED && !allowUnsafe ? ": locks are served again" : ""));
            } else if (change == null && role == Role.EMBEDDED) {
                lines.warn("coordination.cp-member-count=0: Hazelcast's CP subsystem runs in unsafe mode (no Raft)."
                        + " Fine while this JVM is the only member; "
                        + (allowUnsafe
                                ? "coordination.allow-unsafe-cluster=true keeps serving locks when others join,"
                                        + " and then " + RISK
                                : "once a second member joins, its locks are refused unless"
                                        + " coordination.allow-unsafe-cluster=true")
                        + ". Use coordination.cp-member-count=3 or more for real guarantees.");
            }
            return;
        }
        String now = cluster + (change == null ? " has " : " now has ") + count
                + " members in CP unsafe mode (coordination.cp-member-count=0, no Raft)";
        if (allowUnsafe) {
            refusal = null;
            mode = "CP unsafe mode with " + count + " members, allowed by coordination.allow-unsafe-cluster";
            lines.warn(now + ", allowed by coordination.allow-unsafe-cluster=true: " + RISK + listed);
            return;
        }
        if (role == Role.DEDICATED) {
            mode = "CP unsafe mode with " + count + " members: not safe (" + SETTINGS + ")";
            lines.error(now + ": " + RISK + ". A dedicated member cannot refuse its clients' locks (application"
                    + " JVMs with embedded members refuse theirs). Restart the members with"
                    + " coordination.cp-member-count=3 or more (Raft), or with coordination.allow-unsafe-cluster=true"
                    + " to accept the risk" + listed);
            return;
        }
        refusal = "cluster \"" + clusterName + "\" has " + count + " members in Hazelcast's CP unsafe mode"
                + " (coordination.cp-member-count=0, no Raft), where " + RISK + "; set coordination.cp-member-count=3"
                + " or more on every member, or coordination.allow-unsafe-cluster=true to accept the risk";
        mode = "CP unsafe mode with " + count + " members: locks refused (" + SETTINGS + ")";
        lines.error(now + ": every lock in this JVM is refused (LockAcquireFailedException) until it is the only"
                + " member again; " + RISK + ". Set coordination.cp-member-count=3 or more on every member (Raft),"
                + " or coordination.allow-unsafe-cluster=true to accept the risk" + listed);
    }
}
