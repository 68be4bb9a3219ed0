package dev.coordination.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FenceOrderCheckTest {

    @Test
    void repeatedFenceOfASurelyLaterGrantIsReported() {
        History history =
                HistoryBuilder.cleanRun().section("app2", "a", 4, 7.0, 7.1).build();

        List<Violation> violations = new HistoryChecker().check(history);

        assertThat(violations).singleElement().satisfies(violation -> {
            assertThat(violation.property()).isEqualTo(Property.FENCE_ORDER);
            assertThat(violation.names()).containsExactly("a");
            assertThat(violation.calls()).containsExactly(new CallId("app1", 4), new CallId("app2", 4));
            assertThat(violation.explanation()).contains("handed out twice");
        });
    }

    @Test
    void fenceSteppingBackIsReported() {
        History history =
                HistoryBuilder.cleanRun().section("app2", "b", 1, 7.0, 7.1).build();

        assertThat(new HistoryChecker().check(history)).singleElement().satisfies(violation -> {
            assertThat(violation.property()).isEqualTo(Property.FENCE_ORDER);
            assertThat(violation.explanation()).contains("went back", "fence 2", "got fence 1");
        });
    }

    @Test
    void grantsWhoseOrderIsUnsureAreNotCompared() {
        // app2 started waiting before app1 was granted, so either may have been granted first
        History history = new HistoryBuilder()
                .jvm("app1")
                .jvm("app2")
                .section("app1", "a", 2, 2.0, 2.1)
                .call("app2")
                .names("a")
                .fences(1L)
                .times(1.5, 2.2, 2.3, 2.31)
                .accepted()
                .add()
                .end(10)
                .build();

        assertThat(new HistoryChecker().check(history)).isEmpty();
    }

    @Test
    void nestedReentryWithItsParentsFenceIsNoSecondGrant() {
        HistoryBuilder builder = HistoryBuilder.cleanRun();
        long parent = builder.nextSeq("app1");
        History history = builder.call("app1")
                .names("a")
                .fences(5L)
                .times(7.0, 7.01, 7.2, 7.21)
                .accepted()
                .add()
                .call("app1")
                .parent(parent)
                .names("a")
                .fences(5L)
                .times(7.05, 7.05, 7.1, 7.1)
                .add()
                .build();

        assertThat(new HistoryChecker().check(history)).isEmpty();
    }

    @Test
    void nestedReentryReadingAnotherFenceIsReported() {
        HistoryBuilder builder = HistoryBuilder.cleanRun();
        long parent = builder.nextSeq("app1");
        History history = builder.call("app1")
                .names("a")
                .fences(5L)
                .times(7.0, 7.01, 7.2, 7.21)
                .accepted()
                .add()
                .call("app1")
                .parent(parent)
                .names("a")
                .fences(6L)
                .times(7.05, 7.05, 7.1, 7.1)
                .add()
                .build();

        assertThat(new HistoryChecker().check(history)).singleElement().satisfies(violation -> {
            assertThat(violation.property()).isEqualTo(Property.FENCE_ORDER);
            assertThat(violation.explanation()).contains("re-entered a", "read fence 6", "with fence 5");
        });
    }

    @Test
    void nestedCallOnAnotherNameIsAGrantOfItsOwn() {
        HistoryBuilder builder = HistoryBuilder.cleanRun();
        long parent = builder.nextSeq("app1");
        History history = builder.call("app1")
                .names("a")
                .fences(5L)
                .times(7.0, 7.01, 7.2, 7.21)
                .accepted()
                .add()
                .call("app1")
                .parent(parent)
                .names("b")
                .fences(2L) // app2 was granted b with fence 2 at 6.2 s
                .times(7.05, 7.06, 7.1, 7.1)
                .add()
                .build();

        assertThat(new HistoryChecker().check(history))
                .singleElement()
                .satisfies(violation ->
                        assertThat(violation.calls()).containsExactly(new CallId("app2", 3), new CallId("app1", 6)));
    }

    @Test
    void sameFenceReadByTwoNestedLevelsIsFine() {
        HistoryBuilder builder = HistoryBuilder.cleanRun();
        long outer = builder.nextSeq("app1");
        History history = builder.call("app1")
                .names("a")
                .fences(5L)
                .times(7.0, 7.01, 7.3, 7.31)
                .accepted()
                .add()
                .call("app1")
                .parent(outer)
                .names("b")
                .fences(3L)
                .times(7.05, 7.06, 7.2, 7.2)
                .add()
                .call("app1")
                .parent(outer + 1)
                .names("a", "b")
                .fences(5L, 3L)
                .times(7.1, 7.1, 7.15, 7.15)
                .add()
                .build();

        assertThat(new HistoryChecker().check(history)).isEmpty();
    }
}
