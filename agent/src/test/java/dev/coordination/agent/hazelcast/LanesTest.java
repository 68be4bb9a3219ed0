package dev.coordination.agent.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LanesTest {

    @Test
    void theLowestFreeLaneIsTakenFirstSoFewLanesCarryMostCalls() {
        Lanes lanes = new Lanes();
        long first = lanes.take();
        long second = lanes.take();
        assertThat(first).isEqualTo(1);
        assertThat(second).isEqualTo(2);
        lanes.give(first);
        assertThat(lanes.take()).as("lane 1 is free again").isEqualTo(1);
        assertThat(lanes.take()).isEqualTo(3);
    }

    @Test
    void aLaneStaysTakenWhileACallUnderItIsStillBeingSettled() {
        Lanes lanes = new Lanes();
        long lane = lanes.take();
        lanes.retain(lane); // a withdrawn request, settled in the background
        lanes.give(lane); // the thread is done with it
        assertThat(lanes.take()).as("lane %d still has a use", lane).isNotEqualTo(lane);
        lanes.give(lane); // the background call settled
        assertThat(lanes.take()).isEqualTo(lane);
    }

    @Test
    void manyLanesGrowAndCountOnlyTheTakenOnes() {
        Lanes lanes = new Lanes();
        for (int i = 0; i < 100; i++) {
            assertThat(lanes.take()).isEqualTo(i + 1);
        }
        for (int lane = 1; lane <= 100; lane += 2) {
            lanes.give(lane);
        }
        assertThat(lanes.inUse()).isEqualTo(50);
    }

    @Test
    void aLaneNobodyTookCannotBeGivenBackOrRetained() {
        Lanes lanes = new Lanes();
        assertThatThrownBy(() -> lanes.give(3)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> lanes.retain(3)).isInstanceOf(IllegalStateException.class);
    }
}
