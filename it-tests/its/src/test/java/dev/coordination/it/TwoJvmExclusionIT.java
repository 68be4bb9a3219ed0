package dev.coordination.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Two JVMs with the real agent jar form one embedded Hazelcast cluster on 127.0.0.1 and call
 * annotated methods against each other. The second JVM starts once the first one's member is up,
 * so it joins that cluster instead of racing it.
 */
class TwoJvmExclusionIT {

    private static final String APP = "dev.coordination.it.apps.ContenderApp";

    @Test
    void twoJvmsNeverLoseAnUpdateOfASharedFileCounter() throws Exception {
        Path dir = AgentJvm.workDir("exclusion");
        String args = Ports.cluster("exclusion", Ports.freeBlock(2), 2, "allow-unsafe-cluster=true");
        int threads = 4;
        int calls = 150;
        String[] count = {"count", dir.toString(), "" + threads, "" + calls};
        try (AgentJvm first = AgentJvm.start("first", dir, args, APP, count)) {
            AgentJvm.awaitFile(dir.resolve("ready-" + first.process.pid()), 90, first);
            try (AgentJvm second = AgentJvm.start("second", dir, args, APP, count)) {
                AgentJvm.awaitFile(dir.resolve("ready-" + second.process.pid()), 90, first, second);
                Files.createFile(dir.resolve("go"));

                assertThat(first.awaitExit(120))
                        .as("first JVM's exit code; log:\n%s", first.output())
                        .isZero();
                assertThat(second.awaitExit(120))
                        .as("second JVM's exit code; log:\n%s", second.output())
                        .isZero();
                assertThat(first.result("failures")).isEqualTo("0");
                assertThat(second.result("failures")).isEqualTo("0");
                long expected = 2L * threads * calls;
                long counted =
                        Long.parseLong(Files.readString(dir.resolve("counters").resolve("counter-shared"))
                                .trim());
                assertThat(counted)
                        .as("increments of the shared counter (lost updates: %d)", expected - counted)
                        .isEqualTo(expected);
                int maxHolders = Math.max(
                        Integer.parseInt(first.result("maxHolders")), Integer.parseInt(second.result("maxHolders")));
                assertThat(maxHolders)
                        .as("most threads inside the section at once, across both JVMs")
                        .isEqualTo(1);
            }
        }
    }

    @Test
    void nonBlockingCallFailsFastAndTimeoutIsHonouredWhileAnotherJvmHoldsTheLock() throws Exception {
        Path dir = AgentJvm.workDir("contention");
        String args = Ports.cluster("contention", Ports.freeBlock(2), 2, "prefix=it-,allow-unsafe-cluster=true");
        try (AgentJvm holder = AgentJvm.start("holder", dir, args, APP, "hold", dir.toString(), "volume-7")) {
            AgentJvm.awaitFile(dir.resolve("inside"), 90, holder);
            try (AgentJvm contender =
                    AgentJvm.start("contender", dir, args, APP, "contend", dir.toString(), "volume-7")) {
                assertThat(contender.awaitExit(120))
                        .as("contender's exit code; log:\n%s", contender.output())
                        .isZero();
                assertThat(holder.awaitExit(60))
                        .as("holder's exit code; log:\n%s", holder.output())
                        .isZero();

                assertThat(contender.result("tryOnce")).isEqualTo("failed");
                assertThat(contender.result("lockName")).isEqualTo("it-volume-7");
                assertThat(Long.parseLong(contender.result("millis")))
                        .as("blocking=false must not wait for the holder, who holds until told to release")
                        .isLessThan(5_000);
                assertThat(contender.output()).contains("blocking=false");
                assertThat(contender.result("tryForOneSecond")).isEqualTo("failed");
                String waited = contender.output().replaceAll("(?s).*tryForOneSecond=failed millis=(\\d+).*", "$1");
                assertThat(Long.parseLong(waited))
                        .as("timeout=1 waits about one second")
                        .isBetween(900L, 10_000L);
                assertThat(dir.resolve("ran-tryOnce"))
                        .as("body of the failed non-blocking call")
                        .doesNotExist();
                assertThat(dir.resolve("ran-tryForOneSecond"))
                        .as("body of the timed-out call")
                        .doesNotExist();
                assertThat(contender.result("waitForIt")).isEqualTo("ran");
                assertThat(contender.result("fenceGrew"))
                        .as("the next holder's fence is larger")
                        .isEqualTo("true");
            }
        }
    }
}
