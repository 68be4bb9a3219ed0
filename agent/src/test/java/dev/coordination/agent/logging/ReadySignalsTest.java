package dev.coordination.agent.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReadySignalsTest {

    private final List<LogLine> stderr = new CopyOnWriteArrayList<>();

    @BeforeEach
    void infoEverywhere() {
        AgentLogging.configure("info");
        FakeSlf4j.reset(AgentLogging.INFO);
    }

    @Test
    void anSlf4jWithAProviderTakesTheLines() {
        LogRoute route = new LogRoute(10, stderr::add);
        route.await();
        route.logger("dev.coordination.agent.LockAgent").info("started");

        new ReadySignals(route).handOff(FakeSlf4j.LoggerFactory.class);

        assertThat(route.state()).isEqualTo(LogRoute.State.APPLICATION);
        assertThat(FakeSlf4j.lines).containsExactly("INFO dev.coordination.agent.LockAgent - started");
    }

    @Test
    void anSlf4jWithoutAProviderWouldLoseThemSoStandardErrorGetsThem() {
        LogRoute route = new LogRoute(10, stderr::add);
        route.await();
        route.logger("dev.coordination.agent.LockAgent").info("started");

        new ReadySignals(route).handOff(FakeSlf4j.NopLoggerFactory.class);

        assertThat(route.state()).isEqualTo(LogRoute.State.STDERR);
        assertThat(stderr).extracting(line -> line.message).hasSize(2).last().isEqualTo("started");
        assertThat(stderr.get(0).message).contains("has no provider").contains("NOPLoggerFactory");
    }

    @Test
    void aClassThatIsNoLoggerFactoryLeavesTheLinesOnStandardError() {
        LogRoute route = new LogRoute(10, stderr::add);
        route.await();

        new ReadySignals(route).handOff(String.class);

        assertThat(route.state()).isEqualTo(LogRoute.State.STDERR);
        assertThat(stderr.get(0).message).contains("could not take the agent's lines");
    }
}
