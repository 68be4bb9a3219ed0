package dev.coordination.agent.logging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coordination.agent.config.AgentConfig.LogOutput;
import org.junit.jupiter.api.Test;

class ApplicationLoggingTest {

    @Test
    void stderrNeverWaits() {
        assertThat(ApplicationLogging.start(LogOutput.STDERR, null)).isFalse();
        assertThat(LogRoute.INSTANCE.state()).isEqualTo(LogRoute.State.STDERR);
    }

    @Test
    void autoAttachedToAJvmWithoutSlf4jLoadedStaysOnStandardError() {
        assertThat(ApplicationLogging.start(LogOutput.AUTO, new Class<?>[] {String.class, Thread.class}))
                .isFalse();
        assertThat(LogRoute.INSTANCE.state()).isEqualTo(LogRoute.State.STDERR);
    }
}
