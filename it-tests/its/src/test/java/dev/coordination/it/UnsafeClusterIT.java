package dev.coordination.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coordination.it.ScenarioClient.Reply;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Hazelcast's CP unsafe mode ({@code cp-member-count=0}, the default) with more than one data
 * member: no Raft, so a lock can be lost when a member crashes and both sides of a split grant it.
 * Without {@code coordination.allow-unsafe-cluster=true} two embedded JVMs refuse every lock (the
 * body never runs) and log one ERROR per membership change; a JVM alone again locks again; with the
 * opt-in they lock as before, with a WARN. A dedicated member refuses to start with other members
 * listed, and logs the ERROR when a data member joins it later.
 */
class UnsafeClusterIT {

    private static final long SECONDS = 90;
    private static final String ERROR_LINE = " ERROR [";
    /** The logger of the membership lines, as the agent's stderr format writes it. */
    private static final String CLUSTER_MODE = " coordination ClusterMode - ";

    private static final String REFUSED_MODE = "CP unsafe mode with 2 members: locks refused (set"
            + " coordination.cp-member-count=3 or more for Raft, or coordination.allow-unsafe-cluster=true)";

    @Test
    void withoutTheOptInASecondMemberMakesEveryLockFailClosedUntilItLeaves() throws Exception {
        Path dir = AgentJvm.workDir("unsafe");
        int first = Ports.freeBlock(2);
        String args = Ports.cluster("unsafe", first, 2, "");
        try (ScenarioClient one = ScenarioClient.start("jvm1", dir, args).awaitControlPort(SECONDS)) {
            one.ok("WARMUP unsafe-alone " + SECONDS, SECONDS + 10);
            assertThat(mode(one)).as("jvm1 alone").isEqualTo("single member, CP unsafe mode");
            assertThat(one.ok("START held hold unsafe-held", SECONDS).get("state"))
                    .isEqualTo("inside");
            assertThat(one.jvm.output())
                    .contains("Fine while this JVM is the only member; once a second member"
                            + " joins, its locks are refused");

            try (ScenarioClient two = ScenarioClient.start("jvm2", dir, args).awaitControlPort(SECONDS)) {
                // jvm2's first call starts its member, which joins jvm1's cluster and counts 2 members. It
                // fails closed either way: refused, or, on a loaded machine, the member not ready within
                // the 5 s bound of blocking=false. The refusal itself is asserted below, on both JVMs.
                Reply firstTry = two.send("TRY unsafe-a", SECONDS + 30);
                assertThat(firstTry.line).as("jvm2's first call").startsWith("ERR taken lockName=unsafe-a ");
                assertThat(firstTry.get("message")).as(firstTry.line).endsWith("; the method did not run");
                awaitMode(one, REFUSED_MODE::equals);
                awaitMode(two, REFUSED_MODE::equals);

                for (ScenarioClient jvm : new ScenarioClient[] {one, two}) {
                    for (int i = 0; i < 3; i++) {
                        assertRefused(jvm.send("TRY unsafe-a", 30), "unsafe-a");
                        Reply timed = jvm.ok("TIMED unsafe-b", 30);
                        assertThat(timed.get("outcome"))
                                .as("%s: %s", jvm.name, timed)
                                .isEqualTo("failed");
                        assertThat(timed.get("bodyRan"))
                                .as("%s: %s", jvm.name, timed)
                                .isEqualTo("false");
                        assertThat(timed.get("message"))
                                .contains("LockAcquireFailedException")
                                .contains("coordination.cp-member-count")
                                .contains("coordination.allow-unsafe-cluster");
                    }
                    Reply facade = jvm.send("WARMUP unsafe-facade 10", 30);
                    assertThat(facade.line)
                            .as("Coordination.getLock(...).tryLock in %s", jvm.name)
                            .startsWith("ERR dev.coordination.LockAcquireFailedException: lock \"unsafe-facade\" could"
                                    + " not be acquired: cluster \"unsafe-" + first + "\" has 2 members");
                    Reply waiter = jvm.ok("START w-" + jvm.name + " wait unsafe-c", 30);
                    assertThat(waiter.line)
                            .as("a locked call that would wait, in %s", jvm.name)
                            .contains("state=done outcome=failed")
                            .contains("bodyRan=false");
                }
                assertThat(one.ok("RELEASE held", 30).get("outcome"))
                        .as("a lock held before jvm2 joined is released")
                        .isEqualTo("ran");
                // synchronizedRemove acquires nothing: it works, from the JVM that never had a lock too.
                assertThat(two.ok("REMOVE unsafe-*", 60).number("removed"))
                        .as("names jvm1 locked")
                        .isPositive();

                // The cp commands join as a lite member for a moment: no change that counts.
                String status = CpAdminCommand.run(dir, args, "status");
                System.out.println("UnsafeClusterIT: cp status:\n" + status);
                assertThat(status)
                        .contains("cluster \"unsafe-" + first + "\": 2 members besides this admin member")
                        .contains("  member [127.0.0.1]:" + first + " ")
                        .contains("  member [127.0.0.1]:" + (first + 1) + " ")
                        .contains(": " + REFUSED_MODE)
                        .contains("CP unsafe mode (coordination.cp-member-count=0, no Raft): no CP members, groups or"
                                + " sessions to list");

                long errorsOne = count(one, ERROR_LINE, "Cluster \"unsafe-" + first + "\" now has 2 members");
                long errorsTwo = count(two, ERROR_LINE, "Cluster \"unsafe-" + first + "\" has 2 members");
                assertThat(errorsOne)
                        .as(
                                "ERROR lines in jvm1 after 8 refused calls and a lite member's visit: one for"
                                        + " jvm2 joining; log:\n%s",
                                one.jvm.output())
                        .isEqualTo(1);
                assertThat(errorsTwo)
                        .as("ERROR lines in jvm2: one, for joining a cluster of 2; log:\n%s", two.jvm.output())
                        .isEqualTo(1);
                System.out.println("UnsafeClusterIT: jvm1's ERROR line: " + line(one, ERROR_LINE));
                System.out.println("UnsafeClusterIT: a refused call: "
                        + two.send("TIMED unsafe-b", 30).get("message").replaceAll(" \\| at .*", ""));

                two.send("EXIT", 30);
                assertThat(two.jvm.awaitExit(60)).as("jvm2's exit code").isZero();
            }
            awaitMode(one, "single member, CP unsafe mode"::equals);
            Reply again = one.ok("TIMED unsafe-b", 30);
            assertThat(again.get("outcome"))
                    .as("jvm1 alone again locks: %s", again)
                    .isEqualTo("ran");
            assertThat(one.send("TRY unsafe-a", 30).ok).isTrue();
            assertThat(one.jvm.output())
                    .contains("is down to this member ([127.0.0.1]:" + (first + 1)
                            + " left), in CP unsafe mode: locks are served again");
            assertThat(count(one, ERROR_LINE, ""))
                    .as("jvm1's ERROR lines about its cluster at the end")
                    .isEqualTo(1);
        }
    }

    @Test
    void withTheOptInTwoJvmsLockExclusivelyAndAreWarned() throws Exception {
        try (ScenarioCluster cluster = ScenarioCluster.start("unsafe-allowed", 2, "allow-unsafe-cluster=true")) {
            new ExclusionAtScale(cluster).runAndCheck("allowed", 2, 4, 50);
            String allowed = "CP unsafe mode with 2 members, allowed by coordination.allow-unsafe-cluster";
            for (ScenarioClient jvm : cluster.jvms) {
                awaitMode(jvm, allowed::equals);
                assertThat(count(
                                jvm,
                                " WARN [",
                                "members in CP unsafe mode (coordination.cp-member-count=0, no Raft),"
                                        + " allowed by coordination.allow-unsafe-cluster=true"))
                        .as("WARN lines in %s; log:\n%s", jvm.name, jvm.jvm.output())
                        .isEqualTo(1);
                assertThat(count(jvm, ERROR_LINE, ""))
                        .as("ERROR lines about the cluster in %s", jvm.name)
                        .isZero();
            }
            System.out.println("UnsafeClusterIT: jvm1's WARN line: " + line(cluster.jvm(1), "allowed by coordination"));
        }
    }

    @Test
    void aDedicatedMemberRefusesToStartUnsafeWithOtherMembersListed() throws Exception {
        Path dir = AgentJvm.workDir("unsafe-member");
        int first = Ports.freeBlock(2);
        String settings = Ports.cluster("unsafe-member", first, 2, "");
        try (DedicatedMember member = DedicatedMember.start("refused", dir, settings)) {
            assertThat(member.process.waitFor(60, TimeUnit.SECONDS))
                    .as("exited; log:\n%s", member.log())
                    .isTrue();
            assertThat(member.process.exitValue()).isEqualTo(2);
            String log = member.log().trim();
            assertThat(log)
                    .startsWith("coordination: invalid configuration: coordination.members=\"127.0.0.1:" + first
                            + ",127.0.0.1:" + (first + 1) + "\" names other members (127.0.0.1:" + (first + 1) + ")")
                    .contains("coordination.cp-member-count=3 or more")
                    .contains("coordination.allow-unsafe-cluster=true");
            assertThat(log.lines().count()).as("one line:\n%s", log).isEqualTo(1);
        }
    }

    @Test
    void aDedicatedMemberAloneLogsTheErrorWhenADataMemberJoinsIt() throws Exception {
        Path dir = AgentJvm.workDir("unsafe-joined");
        int first = Ports.freeBlock(2);
        String cluster = "cluster-name=unsafe-joined-" + first + ",members=127.0.0.1:" + first;
        try (DedicatedMember member = DedicatedMember.start("member", dir, cluster + ",port=" + first)) {
            assertThat(member.awaitReady(SECONDS)).contains("1 member(s), CP unsafe mode");
            try (ScenarioClient app = ScenarioClient.start("app", dir, cluster + ",port=" + (first + 1))
                    .awaitControlPort(SECONDS)) {
                assertRefused(tryOnceReady(app, "joined-a"), "joined-a");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!member.log().contains("now has 2 members in CP unsafe mode")) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError(
                                "the member logged no ERROR within 30 s of the app joining; log:\n" + member.log());
                    }
                    Thread.sleep(50);
                }
                String error = member.log()
                        .lines()
                        .filter(l -> l.contains("now has 2 members"))
                        .findFirst()
                        .get();
                assertThat(error)
                        .contains(ERROR_LINE)
                        .contains("cannot refuse its clients' locks")
                        .contains("coordination.cp-member-count=3 or more")
                        .contains("coordination.allow-unsafe-cluster");
            }
        }
    }

    /**
     * {@code TRY name} once the JVM's embedded member has started: a non-blocking call waits at most
     * 4.8 s for it, and a loaded machine can take longer to start and join one.
     */
    private static Reply tryOnceReady(ScenarioClient app, String name) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
        while (true) {
            Reply reply = app.send("TRY " + name, SECONDS + 30);
            if (!reply.line.contains("the lock cluster was not ready") || System.nanoTime() > deadline) {
                return reply;
            }
        }
    }

    private static void assertRefused(Reply reply, String name) {
        assertThat(reply.line).as("a non-blocking locked call").startsWith("ERR taken lockName=" + name + " ");
        assertThat(reply.get("message"))
                .contains("could not be acquired: cluster \"")
                .contains("members in Hazelcast's CP unsafe mode (coordination.cp-member-count=0, no Raft)")
                .contains("coordination.allow-unsafe-cluster=true")
                .endsWith("; the method did not run");
    }

    private static String mode(ScenarioClient jvm) throws Exception {
        return jvm.ok("MODE", 60).get("message");
    }

    /** Polls the MBean: a member learns of a join or a leave a little after the other member does. */
    private static void awaitMode(ScenarioClient jvm, Predicate<String> wanted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String mode = mode(jvm);
        while (!wanted.test(mode)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        jvm.name + "'s ClusterMode is still \"" + mode + "\" after 60 s; log:\n" + jvm.jvm.output());
            }
            Thread.sleep(50);
            mode = mode(jvm);
        }
    }

    /** Lines of the agent's ClusterMode logger at {@code level} that contain {@code text}. */
    private static long count(ScenarioClient jvm, String level, String text) throws Exception {
        return jvm.jvm
                .output()
                .lines()
                .filter(line -> line.contains(level) && line.contains(CLUSTER_MODE) && line.contains(text))
                .count();
    }

    private static String line(ScenarioClient jvm, String text) throws Exception {
        return jvm.jvm
                .output()
                .lines()
                .filter(line -> line.contains(text))
                .findFirst()
                .orElse("(none)");
    }
}
