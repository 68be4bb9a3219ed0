package dev.coordination.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coordination.it.HealthProbe.Answer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The health probes of three dedicated members ({@code java -jar coordination-agent.jar member},
 * {@code cp-member-count=3}, {@code health-port} each): {@code /health/ready} is 503 while the CP
 * subsystem forms, 200 on every member once it serves, and 503 on the survivor once two members are
 * killed (its CP groups have no majority), and "shutting down" after SIGTERM; {@code /health/live} is 200
 * on every answer throughout.
 */
class MemberHealthIT {

    private static final int SIZE = 3;
    private static final long FORM_SECONDS = 90;
    /** The survivor's check reads with a 2 s bound each second; a ready verdict is 5 s fresh at most. */
    private static final long LOSS_SECONDS = 20;

    private final List<DedicatedMember> members = new ArrayList<>();
    private int first;

    @AfterEach
    void stopMembers() {
        members.forEach(DedicatedMember::close);
    }

    private int healthPort(int index) {
        return first + SIZE + index;
    }

    /**
     * Starts member {@code index}, which looks for the first {@code seeds} members only: the first two
     * find each other at once, rather than after giving up on the third, which is not there yet.
     */
    private void start(Path dir, int index, int seeds) throws Exception {
        String extra = "cp-member-count=3,health-port=" + healthPort(index);
        members.add(DedicatedMember.start(
                "member" + (index + 1), dir, DedicatedMember.settings("health", first, seeds, index, extra)));
    }

    @Test
    void readyFollowsTheCpMajorityWhileLiveStaysUp() throws Exception {
        long begin = System.nanoTime();
        Path dir = AgentJvm.workDir("health");
        first = Ports.freeBlock(2 * SIZE);
        start(dir, 0, 2);
        start(dir, 1, 2);

        List<Answer> seen = new ArrayList<>();
        Answer forming = await(
                FORM_SECONDS, List.of(0, 1), answer -> answer.body().startsWith("forming: 2 of 3 CP members"), seen);
        assertThat(forming.status()).as("forming").isEqualTo(503);
        assertThat(seen)
                .as("every ready answer before the third member started")
                .allSatisfy(answer -> assertThat(answer.status()).isIn(-1, 503));
        long formingMillis = millisSince(begin);

        start(dir, 2, SIZE);
        for (int i = 0; i < SIZE; i++) {
            Answer ready = await(FORM_SECONDS, List.of(i), answer -> answer.status() == 200, seen);
            assertThat(ready.body()).startsWith("ready: CP subsystem of 3 serves, 3 member(s) (checked ");
        }
        long servingMillis = millisSince(begin);
        Answer other = HealthProbe.get(healthPort(0), "/health");
        assertThat(other.status()).as("%s", other).isEqualTo(404);

        long kill = System.nanoTime();
        for (int i = 1; i < SIZE; i++) {
            DedicatedMember killed = members.get(i);
            killed.process.destroyForcibly(); // SIGKILL to its PID
            assertThat(killed.process.waitFor(30, TimeUnit.SECONDS))
                    .as("%s (pid %d) killed", killed.name, killed.process.pid())
                    .isTrue();
        }
        Answer lost = await(LOSS_SECONDS, List.of(0), answer -> answer.status() == 503, seen);
        long lostMillis = millisSince(kill);
        assertThat(lost.body()).contains("has no majority");
        assertThat(HealthProbe.get(healthPort(0), "/health/live").status())
                .as("the survivor still runs")
                .isEqualTo(200);

        // SIGTERM: the graceful shutdown of a member without its majority takes a while; ready says so.
        DedicatedMember survivor = members.get(0);
        survivor.process.destroy();
        Answer leaving = awaitShuttingDown(survivor);
        System.out.printf(
                "MemberHealthIT: ready 503 \"forming: 2 of 3\" after %,d ms; 200 on all 3 after %,d ms; on the"
                        + " survivor 503 %,d ms after 2 of 3 were killed (\"%s\"); %d ready answers, live 200 on"
                        + " each; after SIGTERM \"%s\"; whole test %,d ms%n",
                formingMillis, servingMillis, lostMillis, lost.body(), seen.size(), leaving.body(), millisSince(begin));
    }

    @Test
    void aBadOrTakenHealthPortStopsTheMemberWithOneLineNamingTheSetting() throws Exception {
        Path dir = AgentJvm.workDir("health-bad");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertRefused(
                    dir,
                    "bad",
                    "health-port=70000",
                    "coordination: invalid configuration: agent argument"
                            + " health-port=\"70000\": not a port number (1-65535)");
            assertRefused(
                    dir,
                    "taken",
                    "health-port=" + port,
                    "coordination: no health endpoint:"
                            + " coordination.health-port=" + port
                            + " on coordination.interface=127.0.0.1: cannot listen on"
                            + " 127.0.0.1:" + port);
        }
    }

    private static void assertRefused(Path dir, String name, String settings, String line) throws Exception {
        try (DedicatedMember member = DedicatedMember.start(name, dir, "cluster-name=health-bad," + settings)) {
            assertThat(member.process.waitFor(60, TimeUnit.SECONDS))
                    .as("%s exits", name)
                    .isTrue();
            assertThat(member.process.exitValue())
                    .as("exit status; log:\n%s", member.log())
                    .isEqualTo(2);
            List<String> lines = member.log()
                    .lines()
                    .filter(each -> !each.contains("VM warning"))
                    .toList();
            assertThat(lines).as("one line").hasSize(1);
            assertThat(lines.get(0)).startsWith(line);
        }
    }

    /** Polls the first member's ready until it says "shutting down"; its live stays 200 until it exits. */
    private Answer awaitShuttingDown(DedicatedMember member) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LOSS_SECONDS);
        while (true) {
            Answer ready = HealthProbe.get(healthPort(0), "/health/ready");
            Answer live = HealthProbe.get(healthPort(0), "/health/live");
            if (ready.body().startsWith("shutting down")) {
                assertThat(ready.status()).isEqualTo(503);
                assertThat(live.status())
                        .as("live while shutting down: %s", live)
                        .isIn(200, -1);
                return ready;
            }
            if (System.nanoTime() > deadline || !member.process.isAlive()) {
                throw new AssertionError(
                        "no \"shutting down\" after SIGTERM; last: " + ready + "; log:\n" + member.log());
            }
            Thread.sleep(100);
        }
    }

    /**
     * Asks {@code /health/ready} of the members {@code indexes} in turn until one answer matches, and
     * {@code /health/live} of the same member each time: live must be 200 whenever ready answered.
     */
    private Answer await(long seconds, List<Integer> indexes, Predicate<Answer> wanted, List<Answer> seen)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Answer> recent = new ArrayList<>();
        while (true) {
            for (int index : indexes) {
                DedicatedMember member = members.get(index);
                Answer ready = HealthProbe.get(healthPort(index), "/health/ready");
                if (ready.status() != -1) {
                    seen.add(ready);
                    Answer live = HealthProbe.get(healthPort(index), "/health/live");
                    assertThat(live.status())
                            .as("%s live while ready says %s; log:\n%s", member.name, ready, member.log())
                            .isEqualTo(200);
                }
                recent.add(ready);
                if (wanted.test(ready)) {
                    return ready;
                }
                if (!member.process.isAlive()) {
                    throw new AssertionError(member.name + " exited; log:\n" + member.log());
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no wanted answer within " + seconds + " s; last answers: "
                        + recent.subList(Math.max(0, recent.size() - 6), recent.size()));
            }
            Thread.sleep(100);
        }
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }
}
