package dev.coordination.agent.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class LogRouteTest {

    private static final String RUNTIME = "dev.coordination.agent.runtime.ThreadLocks";
    private static final String HAZELCAST = "com.hazelcast.cp.internal.RaftService";

    private final List<LogLine> stderr = new CopyOnWriteArrayList<>();

    @BeforeEach
    void infoEverywhere() {
        AgentLogging.configure("info");
        FakeSlf4j.reset(AgentLogging.INFO);
    }

    @AfterEach
    void settingsBack() {
        AgentLogging.configure("info");
        AgentLogging.quiet("com.hazelcast.client", false);
    }

    private LogRoute waitingRoute(int bufferLines) {
        LogRoute route = new LogRoute(bufferLines, stderr::add);
        route.await();
        return route;
    }

    private static ApplicationSlf4j application() throws ReflectiveOperationException {
        return ApplicationSlf4j.of(FakeSlf4j.LoggerFactory.class);
    }

    private List<String> stderrTexts() {
        return stderr.stream()
                .map(line -> AgentLogging.nameOf(line.level) + " " + line.logger.shortName + " - " + line.message)
                .collect(Collectors.toList());
    }

    @Test
    void replaysKeptLinesInOrderBeforeLaterOnesAndWritesNothingToStandardError() throws Exception {
        LogRoute route = waitingRoute(10);
        Logger log = route.logger(RUNTIME);
        log.info("one");
        log.warn("two {}", 2);
        assertThat(FakeSlf4j.lines).isEmpty();

        assertThat(route.handOff(application())).isTrue();
        log.info("three");

        assertThat(FakeSlf4j.lines)
                .containsExactly(
                        "INFO " + RUNTIME + " - one", "WARN " + RUNTIME + " - two 2", "INFO " + RUNTIME + " - three");
        assertThat(stderr).isEmpty();
        assertThat(route.state()).isEqualTo(LogRoute.State.APPLICATION);
    }

    @Test
    void aWriterRacingTheHandOffLosesAndReordersNothing() throws Exception {
        LogRoute route = waitingRoute(100_000);
        Logger log = route.logger(RUNTIME);
        int lines = 20_000;
        CountDownLatch someKept = new CountDownLatch(1);
        Thread writer = new Thread(() -> {
            for (int i = 0; i < lines; i++) {
                log.info("{}", i);
                if (i == 1_000) {
                    someKept.countDown();
                }
            }
        });
        writer.start();
        someKept.await();
        assertThat(route.handOff(application())).isTrue();
        writer.join();

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            expected.add("INFO " + RUNTIME + " - " + i);
        }
        assertThat(FakeSlf4j.lines).containsExactlyElementsOf(expected);
        assertThat(stderr).isEmpty();
    }

    @Test
    void theApplicationsLevelsDecideEvenBelowCoordinationLogLevel() throws Exception {
        FakeSlf4j.levels.put("dev.coordination", AgentLogging.DEBUG);
        LogRoute route = waitingRoute(10);
        Logger log = route.logger(RUNTIME);
        log.debug("kept while waiting");
        Logger quiet = route.logger("dev.coordination.agent.instrument.LockInstaller");
        FakeSlf4j.levels.put("dev.coordination.agent.instrument", AgentLogging.WARN);

        route.handOff(application());

        assertThat(log.isDebugEnabled())
                .as("coordination.log-level is info; the application says debug")
                .isTrue();
        assertThat(quiet.isInfoEnabled()).isFalse();
        log.debug("Lock \"{}\" acquired by \"{}\" :: waited {}s", "a", "M#m()", "0.001");
        quiet.info("not written");
        assertThat(FakeSlf4j.lines)
                .containsExactly(
                        "DEBUG " + RUNTIME + " - kept while waiting",
                        "DEBUG " + RUNTIME + " - Lock \"a\" acquired by \"M#m()\" :: waited 0.001s");
    }

    @Test
    void levelChangesInTheApplicationCountAfterTheNextRead() throws Exception {
        LogRoute route = waitingRoute(10);
        Logger log = route.logger(RUNTIME);
        route.handOff(application());
        assertThat(log.isDebugEnabled()).isFalse();

        FakeSlf4j.levels.put("dev.coordination.agent", AgentLogging.DEBUG);
        assertThat(log.isDebugEnabled())
                .as("the cached level, until it is read again")
                .isFalse();
        route.refresh();

        assertThat(log.isDebugEnabled()).isTrue();
    }

    @Test
    void hazelcastLinesGoUnderDevCoordinationHazelcastAndStayHeldAtWarn() throws Exception {
        FakeSlf4j.levels.put("dev.coordination", AgentLogging.DEBUG);
        LogRoute route = waitingRoute(10);
        route.handOff(application());
        Logger hazelcast = route.logger(HAZELCAST);
        Logger client = route.logger("com.hazelcast.client.impl.connection.tcp.TcpClientConnectionManager");
        AgentLogging.quiet("com.hazelcast.client", true);

        hazelcast.info("a page per member join");
        hazelcast.warn("CP Subsystem is not enabled");
        client.warn("Exception during initial connection");
        client.error("still an error");

        assertThat(FakeSlf4j.lines)
                .containsExactly(
                        "WARN dev.coordination.hazelcast.cp.internal.RaftService - CP Subsystem is not enabled",
                        "ERROR dev.coordination.hazelcast.client.impl.connection.tcp.TcpClientConnectionManager"
                                + " - still an error");
    }

    @Test
    void aFullBufferSendsItsOldestLinesToStandardErrorAndSaysSoAtTheHandOff() throws Exception {
        LogRoute route = waitingRoute(3);
        Logger log = route.logger(RUNTIME);
        log.debug("debug 1, pushed out, below coordination.log-level");
        for (int i = 2; i <= 5; i++) {
            log.info("line {}", i);
        }

        assertThat(stderrTexts()).containsExactly("INFO ThreadLocks - line 2");
        route.handOff(application());

        assertThat(FakeSlf4j.lines)
                .containsExactly(
                        "WARN dev.coordination.agent.logging.LogRoute - 2 lines of the agent, written before the"
                                + " application's logging was ready, did not fit the buffer of 3 lines: they went to"
                                + " standard error (those at coordination.log-level or above)",
                        "INFO " + RUNTIME + " - line 3",
                        "INFO " + RUNTIME + " - line 4",
                        "INFO " + RUNTIME + " - line 5");
    }

    @Test
    void theFallBackWritesTheKeptLinesToStandardErrorAtItsLevelsInOrder() {
        LogRoute route = waitingRoute(10);
        Logger log = route.logger(RUNTIME);
        log.info("first");
        log.debug("kept, but below coordination.log-level");
        log.warn("second");

        assertThat(route.fallBack("not ready")).isTrue();
        log.info("third");
        log.debug("not written");

        assertThat(stderrTexts())
                .containsExactly(
                        "INFO LogRoute - not ready",
                        "INFO ThreadLocks - first",
                        "WARN ThreadLocks - second",
                        "INFO ThreadLocks - third");
        assertThat(route.handOff(FakeSlf4jApp.INSTANCE))
                .as("settled: no later hand-off")
                .isFalse();
        assertThat(FakeSlf4j.lines).isEmpty();
    }

    @Test
    void keptLinesCarryTheirTimeAndThreadToStandardError() throws Exception {
        LogRoute route = waitingRoute(10);
        Logger log = route.logger(RUNTIME);
        Thread writer = new Thread(() -> log.info("from elsewhere"), "writer-7");
        writer.start();
        writer.join();

        route.fallBack(null);

        assertThat(stderr)
                .singleElement()
                .satisfies(line -> assertThat(line.thread).isEqualTo("writer-7"));
    }

    @Test
    void withoutAWaitLinesGoStraightToStandardError() {
        LogRoute route = new LogRoute(10, stderr::add);
        Logger log = route.logger(RUNTIME);
        log.info("as today");
        log.debug("below the level");
        assertThat(stderrTexts()).containsExactly("INFO ThreadLocks - as today");
        assertThat(route.handOff(FakeSlf4jApp.INSTANCE)).isFalse();
    }

    /** An application SLF4J for checks that must not reach it. */
    private static final class FakeSlf4jApp {
        static final ApplicationSlf4j INSTANCE;

        static {
            try {
                INSTANCE = application();
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }
}
