package dev.coordination.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.coordination.it.ScenarioClient.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Annotated methods called from Java 21+ virtual threads, in two JVMs with the agent that form one
 * embedded cluster, each with only two carrier threads ({@code jdk.virtualThreadScheduler.parallelism=2})
 * and a flight recording of every {@code jdk.VirtualThreadPinned} event. Runs in the {@code java25}
 * Failsafe execution (child JVMs on Temurin 25); where the child JVMs would run an older Java it is
 * skipped. The figures it prints (ticker gaps, pinned events) are measurements to report, not
 * assertions of speed: the asserted bound on the ticker's gap is there to catch a stall.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VirtualThreadsIT {

    /** Two carriers: a few pinned or busy virtual threads would be enough to stall the rest. */
    static final List<String> JVM_OPTIONS = List.of(
            "-Djdk.virtualThreadScheduler.parallelism=2",
            "-XX:StartFlightRecording:" + "jdk.VirtualThreadPinned#threshold=0ms");
    /** How long the waiters wait for the held lock while the ticker is watched. */
    static final long HOLD_MILLIS = 6_000;
    /**
     * The ticker's longest gap allowed: 300 times its 10 ms sleep, so a busy machine passes, yet half
     * the hold window, so waiters that kept both carriers for the hold fail it (the ticker could not
     * run at all: a gap of the whole window).
     */
    static final long STALL_MILLIS = 3_000;

    private ScenarioCluster cluster;

    @BeforeAll
    void startCluster() throws Exception {
        int java = childJavaFeature();
        assumeTrue(
                java >= 21,
                "virtual threads need Java 21+, and the child JVMs would run Java " + java
                        + "; this IT runs in the java25 Failsafe execution (it.java.home = a JDK 21+)");
        cluster = ScenarioCluster.start("vthreads", 2, "allow-unsafe-cluster=true", JVM_OPTIONS);
        System.out.printf("VirtualThreadsIT: 2 JVMs on Java %d formed in %,d ms%n", java, cluster.formedMillis);
        for (ScenarioClient jvm : cluster.jvms) {
            jvm.ok("PINCONTROL", 120);
            Reply pinned = jvm.ok("PINNED", 120);
            assertThat(pinned.number("controlPinned"))
                    .as(
                            "the recording in %s sees a virtual thread pinned on"
                                    + " purpose (else its count of 0 would mean nothing): %s",
                            jvm.name, pinned)
                    .isPositive();
            System.out.printf(
                    "VirtualThreadsIT: %s: %d pinned event(s) of the pin control recorded; other pinned"
                            + " events so far: %d%n",
                    jvm.name, pinned.number("controlPinned"), pinned.number("pinned"));
        }
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void twelveHundredVirtualThreadsOnTwoJvmsLoseNoUpdateAndNeverOverlap() throws Exception {
        int threads = 600;
        List<Reply> replies = new ExclusionAtScale(cluster).runAndCheck("VCOUNT", "vt", 4, threads, 3);
        for (Reply reply : replies) {
            assertThat(reply.number("virtual"))
                    .as("threads that were virtual: %s", reply)
                    .isEqualTo(threads);
        }
        printPinned("after 2 x " + threads + " virtual threads x 3 sections");
    }

    @Test
    void aVirtualThreadReentersItsLockWhileOtherVirtualThreadsOnTheSameCarriersWait() throws Exception {
        ScenarioClient one = cluster.jvm(1);
        Reply hold = one.ok("VHOLD vt-reenter", 120);
        assertThat(hold.get("virtual"))
                .as("the holder is a virtual thread: %s", hold)
                .isEqualTo("true");
        assertThat(hold.get("heldInner"))
                .as("isHeldByCurrentThread in the nested call: %s", hold)
                .isEqualTo("true");
        assertThat(hold.number("inner"))
                .as("the nested call's fence is the outer one's: %s", hold)
                .isEqualTo(hold.number("outer"))
                .isPositive();

        int contenders = 32;
        Reply contend = one.ok("VCONTEND vt-reenter " + contenders, 120);
        assertThat(contend.number("refused"))
                .as("virtual threads refused while another holds: %s", contend)
                .isEqualTo(contenders * contend.number("rounds"));
        assertThat(contend.number("entered")).as(contend.line).isZero();
        assertThat(contend.number("heldBefore"))
                .as("isHeldByCurrentThread in contenders: %s", contend)
                .isZero();
        assertThat(contend.get("holderCarrierUsed"))
                .as(
                        "a contender ran on the carrier the holder took the lock"
                                + " on, so a lock owned by the carrier would have let it in: %s",
                        contend)
                .isEqualTo("true");

        Reply other = cluster.jvm(2).send("TRY vt-reenter", 60);
        assertThat(other.ok)
                .as("the other JVM, while a virtual thread holds the lock: %s", other)
                .isFalse();
        assertThat(other.line).contains("ERR taken lockName=vt-reenter");

        Reply release = one.ok("VRELEASE vt-reenter", 120);
        assertThat(release.get("holder")).as(release.line).isEqualTo("ran");
        assertThat(release.get("ranBeforeRelease"))
                .as("the waiter got in while held: %s", release)
                .isEqualTo("false");
        assertThat(release.get("waiterRan")).as(release.line).isEqualTo("true");
        assertThat(release.get("waiterVirtual")).as(release.line).isEqualTo("true");
        assertThat(release.number("insideOnEntry"))
                .as("threads inside when the waiter entered: %s", release)
                .isZero();
        assertThat(release.number("waiterFence")).as(release.line).isGreaterThan(release.number("holderFence"));
        System.out.printf("VirtualThreadsIT: reentrancy per virtual thread: %s | %s | %s%n", hold, contend, release);
    }

    @Test
    void fiveHundredVirtualThreadsWaitingForOneLockDoNotStallTheOthers() throws Exception {
        stall("vt-stall", "");
    }

    /** On Java 21-23 a virtual thread waiting inside {@code synchronized} pins its carrier; not on 24+. */
    @Test
    void fiveHundredVirtualThreadsWaitingInsideSynchronizedBlocksDoNotStallTheOthers() throws Exception {
        stall("vt-stall-monitor", " monitor");
    }

    private void stall(String name, String mode) throws Exception {
        int waiters = 500;
        Reply stall = cluster.jvm(1).ok("VSTALL " + name + " " + waiters + " " + HOLD_MILLIS + mode, 300);
        System.out.printf("VirtualThreadsIT: %d virtual threads waiting on one lock, 2 carriers: %s%n", waiters, stall);
        assertThat(stall.number("failures")).as(stall.line).isZero();
        assertThat(stall.number("enteredWhileHeld"))
                .as("waiters inside while the holder was: %s", stall)
                .isZero();
        assertThat(stall.number("mostInside")).as(stall.line).isEqualTo(1);
        for (String phase : List.of("base", "hold", "drain")) {
            assertThat(stall.number("ticks." + phase))
                    .as("ticks in phase %s: %s", phase, stall)
                    .isPositive();
            assertThat(stall.number("longestGapMs." + phase))
                    .as("the ticker's longest gap in phase %s: %s", phase, stall)
                    .isLessThan(STALL_MILLIS);
        }
        printPinned("after " + waiters + " virtual threads waited for one lock"
                + (mode.isEmpty() ? "" : " in a" + " synchronized block each"));
    }

    private void printPinned(String when) throws Exception {
        for (ScenarioClient jvm : cluster.jvms) {
            Reply pinned = jvm.ok("PINNED", 120);
            System.out.printf(
                    "VirtualThreadsIT: %s, %s recorded %d jdk.VirtualThreadPinned events (%d of 20 ms"
                            + " or more, longest %d ms); where: %s%n",
                    when,
                    jvm.name,
                    pinned.number("pinned"),
                    pinned.number("pinnedOver20ms"),
                    pinned.number("longestPinnedMs"),
                    pinned.get("message"));
        }
    }

    /** The feature release of the JDK the child JVMs run on ({@code it.java.home}'s {@code release} file). */
    private static int childJavaFeature() throws IOException {
        String home = System.getProperty("it.java.home");
        if (home == null) {
            return Runtime.version().feature();
        }
        Path release = Paths.get(home, "release");
        for (String line : Files.readAllLines(release)) {
            if (line.startsWith("JAVA_VERSION=")) {
                String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                return Integer.parseInt(version.split("[.+-]")[0]);
            }
        }
        throw new IllegalStateException("no JAVA_VERSION in " + release);
    }
}
