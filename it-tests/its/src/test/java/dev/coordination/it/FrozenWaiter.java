package dev.coordination.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coordination.it.ScenarioClient.Reply;

/**
 * A waiter whose JVM is stopped (SIGSTOP) just before its lock is granted to it, and stays stopped
 * past its session: the lock passes on to a third JVM once the session ends. When the stopped JVM
 * goes on, the grant of its ended session is waiting for it; the call must not enter with it while
 * the third JVM holds the lock, but wait its turn again and enter with a larger fence than the third
 * JVM's. The chaos runner found a stopped waiter entering a section another JVM held this way.
 */
final class FrozenWaiter {

    private FrozenWaiter() {}

    /** @return the third JVM's fence and the stopped waiter's, as a line for the test's output */
    static String check(ScenarioClient first, ScenarioClient frozen, ScenarioClient next, String name)
            throws Exception {
        Reply held = first.ok("START frozen-first hold " + name, 60);
        assertThat(held.get("state")).as(held.line).isEqualTo("inside");
        Reply waiting = frozen.ok("START frozen-waiter wait " + name, 60);
        assertThat(waiting.get("state"))
                .as("the waiter is blocked by the holder: %s", waiting)
                .isEqualTo("waiting");
        long nextFence;
        CpAdminCommand.signal(frozen.jvm, "STOP");
        try {
            // The lock goes to the stopped JVM's request, then, once its session ended, on to the third.
            assertThat(first.ok("RELEASE frozen-first", 60).get("outcome")).isEqualTo("ran");
            Reply inside = next.ok("START frozen-next hold " + name, 60);
            assertThat(inside.get("state")).as(inside.line).isEqualTo("inside");
            nextFence = inside.number("fence");
        } finally {
            CpAdminCommand.signal(frozen.jvm, "CONT");
        }
        frozen.ok("PING", 30);
        assertThat(next.ok("RELEASE frozen-next", 60).get("outcome")).isEqualTo("ran");
        Reply taken = frozen.ok("JOIN frozen-waiter 60", 70);
        assertThat(taken.get("outcome"))
                .as("the stopped waiter's call, which must not enter with the grant of its ended session: %s", taken)
                .isEqualTo("ran");
        assertThat(taken.number("fence"))
                .as("the stopped waiter entered after the third JVM, with a larger fence")
                .isGreaterThan(nextFence);
        return "third JVM's fence " + nextFence + ", the stopped waiter's " + taken.number("fence");
    }
}
