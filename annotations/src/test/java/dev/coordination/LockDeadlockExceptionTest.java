package dev.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LockDeadlockExceptionTest {

    @Test
    void isCaughtAsAFailedAcquireAndKeepsMessageNameAndCause() {
        IllegalStateException cause = new IllegalStateException("cause");

        LockAcquireFailedException failure = new LockDeadlockException("a cycle", "app-volume-1", cause);

        assertThat(failure)
                .isInstanceOf(LockDeadlockException.class)
                .hasMessage("a cycle")
                .hasCause(cause);
        assertThat(failure.lockName()).isEqualTo("app-volume-1");
    }

    @Test
    void mayHaveNoCause() {
        assertThat(new LockDeadlockException("a cycle", "volume-1", null)).hasNoCause();
    }
}
