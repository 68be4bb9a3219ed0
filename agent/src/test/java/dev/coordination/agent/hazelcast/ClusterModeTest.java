package dev.coordination.agent.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.cluster.Address;
import com.hazelcast.cluster.Cluster;
import com.hazelcast.cluster.InitialMembershipEvent;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.impl.MemberImpl;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The decision of {@link ClusterMode}, driven by Hazelcast's membership events without a cluster:
 * which members count, when locks are refused, and which line each change logs.
 */
class ClusterModeTest {

    private final Member self = member(5701, true, false);
    private final Member second = member(5702, false, false);
    private final Member third = member(5703, false, false);
    private final Member lite = member(5704, false, true);
    /** The cluster's members now, as {@code event.getCluster().getMembers()} reports them. */
    private final Set<Member> now = new LinkedHashSet<>();

    private final Cluster cluster = (Cluster) Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {Cluster.class},
            (proxy, method, args) -> method.getName().equals("getMembers") ? new LinkedHashSet<>(now) : null);
    private final List<String> lines = new ArrayList<>();

    private static Member member(int port, boolean local, boolean liteMember) {
        try {
            return new MemberImpl.Builder(new Address("127.0.0.1", port))
                    .uuid(UUID.randomUUID())
                    .localMember(local)
                    .liteMember(liteMember)
                    .build();
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private ClusterMode mode(ClusterMode.Role role, boolean allowUnsafe) {
        ClusterMode mode = new ClusterMode(role, allowUnsafe, new ClusterMode.Lines() {
            @Override
            public void error(String line) {
                lines.add("ERROR " + line);
            }

            @Override
            public void warn(String line) {
                lines.add("WARN " + line);
            }

            @Override
            public void info(String line) {
                lines.add("INFO " + line);
            }
        });
        mode.unsafeMode("prod");
        return mode;
    }

    private void init(ClusterMode mode, Member... members) {
        now.clear();
        now.addAll(List.of(members));
        mode.init(new InitialMembershipEvent(cluster, new LinkedHashSet<>(now)));
    }

    private void join(ClusterMode mode, Member member) {
        now.add(member);
        mode.memberAdded(new MembershipEvent(cluster, member, MembershipEvent.MEMBER_ADDED, new LinkedHashSet<>(now)));
    }

    private void leave(ClusterMode mode, Member member) {
        now.remove(member);
        mode.memberRemoved(
                new MembershipEvent(cluster, member, MembershipEvent.MEMBER_REMOVED, new LinkedHashSet<>(now)));
    }

    @Test
    void aJvmAloneServesLocksAndIsWarnedOnceAtStart() {
        ClusterMode mode = mode(ClusterMode.Role.EMBEDDED, false);

        init(mode, self);

        assertThat(mode.refusal()).isNull();
        assertThat(mode.mode()).isEqualTo("single member, CP unsafe mode");
        assertThat(lines)
                .singleElement()
                .asString()
                .startsWith("WARN coordination.cp-member-count=0:")
                .contains("Fine while this JVM is the only member; once a second member joins, its locks are refused")
                .contains("coordination.allow-unsafe-cluster=true");
    }

    @Test
    void aSecondDataMemberMakesEveryLockRefusedWithOneErrorLineNamingBothSettings() {
        ClusterMode mode = mode(ClusterMode.Role.EMBEDDED, false);
        init(mode, self);
        lines.clear();

        join(mode, second);

        assertThat(mode.refusal())
                .isEqualTo("cluster \"prod\" has 2 members in Hazelcast's CP unsafe mode"
                        + " (coordination.cp-member-count=0, no Raft), where a lock can be lost when a member crashes, and"
                        + " both sides of a network split grant it; set coordination.cp-member-count=3 or more on every"
                        + " member, or coordination.allow-unsafe-cluster=true to accept the risk");
        assertThat(mode.mode())
                .isEqualTo(
                        "CP unsafe mode with 2 members: locks refused (set"
                                + " coordination.cp-member-count=3 or more for Raft, or coordination.allow-unsafe-cluster=true)");
        assertThat(lines)
                .singleElement()
                .asString()
                .startsWith("ERROR Cluster \"prod\" now has 2 members in CP unsafe mode")
                .contains("every lock in this JVM is refused (LockAcquireFailedException) until it is the only member")
                .contains("coordination.cp-member-count=3 or more", "coordination.allow-unsafe-cluster=true")
                .endsWith("Members: [127.0.0.1]:5701 (this JVM), [127.0.0.1]:5702 ([127.0.0.1]:5702 joined)");
    }

    @Test
    void joiningAClusterThatHasAMemberAlreadyRefusesFromTheStart() {
        ClusterMode mode = mode(ClusterMode.Role.EMBEDDED, false);

        init(mode, second, self);

        assertThat(mode.refusal()).contains("has 2 members");
        assertThat(lines)
                .singleElement()
                .asString()
                .startsWith("ERROR Cluster \"prod\" has 2 members in CP unsafe")
                .endsWith("Members: [127.0.0.1]:5702, [127.0.0.1]:5701 (this JVM)");
    }

    @Test
    void liteMembersComingAndGoingNeitherCountNorLog() {
        ClusterMode mode = mode(ClusterMode.Role.EMBEDDED, false);
        init(mode, self, lite);
        assertThat(mode.refusal()).as("a lite member holds no data").isNull();
        lines.clear();

        join(mode, member(5705, false, true));
        leave(mode, lite);
        assertThat(lines).isEmpty();
        assertThat(mode.mode()).isEqualTo("single member, CP unsafe mode");

        join(mode, second);
        join(mode, lite);
        leave(mode, lite);
        assertThat(lines)
                .as("one line for the data member, none for the lite one")
                .hasSize(1);
    }

    @Test
    void everyChangeOfTheDataMembersIsLoggedOnceAndAloneAgainLocksAgain() {
        ClusterMode mode = mode(ClusterMode.Role.EMBEDDED, false);
        init(mode, self);
        lines.clear();

        join(mode, second);
        join(mode, third);
        leave(mode, second);
        assertThat(mode.refusal()).contains("has 2 members");
        leave(mode, third);

        assertThat(mode.refusal()).isNull();
        assertThat(mode.mode()).isEqualTo("single member, CP unsafe mode");
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("ERROR Cluster \"prod\" now has 2 members");
        assertThat(lines.get(1))
                .startsWith("ERROR Cluster \"prod\" now has 3 members")
                .endsWith("5703 joined)");
        assertThat(lines.get(2))
                .startsWith("ERROR Cluster \"prod\" now has 2 members")
                .endsWith("5702 left)");
        assertThat(lines.get(3))
                .isEqualTo("INFO Cluster \"prod\" is down to this member ([127.0.0.1]:5703 left),"
                        + " in CP unsafe mode: locks are served again");
    }

    @Test
    void theMembersCountedAreTheClustersNowNotTheEventsWhichMayArriveLate() {
        ClusterMode mode = mode(ClusterMode.Role.EMBEDDED, false);
        init(mode, self, second, third);
        now.remove(third);
        now.remove(second);

        // Hazelcast delivered "second left" after "third left"; that event saw third still there.
        mode.memberRemoved(new MembershipEvent(cluster, second, MembershipEvent.MEMBER_REMOVED, Set.of(self, third)));

        assertThat(mode.refusal()).isNull();
    }

    @Test
    void withTheOptInLocksAreServedAndEveryChangeIsWarned() {
        ClusterMode mode = mode(ClusterMode.Role.EMBEDDED, true);
        init(mode, self);
        assertThat(lines)
                .singleElement()
                .asString()
                .startsWith("WARN coordination.cp-member-count=0:")
                .contains("coordination.allow-unsafe-cluster=true keeps serving locks when others join");
        lines.clear();

        join(mode, second);
        assertThat(mode.refusal()).isNull();
        assertThat(mode.mode())
                .isEqualTo("CP unsafe mode with 2 members, allowed by coordination.allow-unsafe-cluster");
        join(mode, third);
        leave(mode, third);
        leave(mode, second);

        assertThat(lines).hasSize(4);
        assertThat(lines.subList(0, 3))
                .allSatisfy(line -> assertThat(line)
                        .startsWith("WARN Cluster \"prod\" now has")
                        .contains("allowed by coordination.allow-unsafe-cluster=true: a lock can be lost"));
        assertThat(lines.get(3))
                .isEqualTo(
                        "INFO Cluster \"prod\" is down to this member ([127.0.0.1]:5702 left)," + " in CP unsafe mode");
    }

    @Test
    void aDedicatedMemberLogsTheErrorButRefusesNothing() {
        ClusterMode mode = mode(ClusterMode.Role.DEDICATED, false);
        init(mode, self);
        assertThat(lines)
                .as("a dedicated member alone says nothing beyond its ready line")
                .isEmpty();

        join(mode, second);

        assertThat(mode.refusal())
                .as("a dedicated member's callers are clients, it has no calls to refuse")
                .isNull();
        assertThat(mode.mode()).startsWith("CP unsafe mode with 2 members: not safe");
        assertThat(lines)
                .singleElement()
                .asString()
                .startsWith("ERROR Cluster \"prod\" now has 2 members")
                .contains("cannot refuse its clients' locks")
                .contains("coordination.cp-member-count=3 or more", "coordination.allow-unsafe-cluster=true")
                .contains("[127.0.0.1]:5701 (this member)");
    }

    @Test
    void aCpSubsystemIsNeverRefusedAndAStopEndsARefusal() {
        ClusterMode mode = mode(ClusterMode.Role.EMBEDDED, false);
        init(mode, self, second);
        assertThat(mode.refusal()).isNotNull();

        mode.stopped(null);
        assertThat(mode.refusal()).isNull();
        assertThat(mode.mode()).isEqualTo("stopped");

        mode.starting();
        assertThat(mode.mode()).isEqualTo("starting");
        mode.cpSubsystem(3);
        assertThat(mode.refusal()).isNull();
        assertThat(mode.mode()).isEqualTo("CP subsystem of 3");
    }
}
