package dev.coordination.agent.deadlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class WaitRecordTest {

    @Test
    void refusesMissingFields() {
        List<String> names = List.of("a");
        List<HeldEntry> holds = List.of();

        assertThatNullPointerException()
                .isThrownBy(() -> new WaitRecord(null, 1, "t", "M", "w", 0, names, holds))
                .withMessage("memberId");
        assertThatNullPointerException()
                .isThrownBy(() -> new WaitRecord("m", 1, "t", "M", null, 0, names, holds))
                .withMessage("waitId");
        assertThatNullPointerException()
                .isThrownBy(() -> new WaitRecord("m", 1, "t", "M", "w", 0, null, holds))
                .withMessage("waitsFor");
        assertThatNullPointerException()
                .isThrownBy(() -> new WaitRecord("m", 1, "t", "M", "w", 0, Arrays.asList("a", null), holds));
        assertThatNullPointerException().isThrownBy(() -> new HeldEntry(null, 0, "M"));
    }

    @Test
    void keepsItsOwnCopyOfTheLists() {
        List<String> names = new ArrayList<>(List.of("a"));
        WaitRecord record = new WaitRecord("m", 1, "t", "M", "w", 0, names, List.of());

        names.add("b");

        assertThat(record.waitsFor()).containsExactly("a");
    }
}
