package dev.coordination.agent.deadlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class WaitRecordCodecTest {

    private static WaitRecord withEverywhere(String value) {
        return new WaitRecord(
                "member " + value,
                Long.MIN_VALUE,
                "thread " + value,
                "Service#call(" + value + ")",
                "wait " + value,
                Long.MAX_VALUE,
                List.of(value, "volume-1", value),
                List.of(new HeldEntry(value, -1, value), new HeldEntry("snapshot-" + value, 0, "")));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "volume-1",
                "tab\there",
                "line\nbreak\r\n",
                "100%",
                "%0025",
                "%",
                "%%%",
                "lock 🔒 ünïcödé 卷",
                "\u0000\u0001\u001f\u007f\u0085\u009f",
                "lone high \uD83D",
                "\uDD12 lone low",
                "reversed pair \uDD12\uD83D",
                "back\\slash \"quoted\" \u2028 \uFEFF",
                "w1\t0\t\t"
            })
    void readsBackExactlyWhatItWrote(String value) {
        WaitRecord record = withEverywhere(value);

        String text = WaitRecordCodec.encode(record);

        assertThat(WaitRecordCodec.decode(text)).isEqualTo(record);
        assertThat(new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .as("survives storage as UTF-8")
                .isEqualTo(text);
        assertThat(text.chars().filter(c -> Character.isISOControl(c) && c != '\t'))
                .as("control characters other than the separator")
                .isEmpty();
    }

    @Test
    void readsBackEmptyLists() {
        WaitRecord record = new WaitRecord("m", 1, "t", "M#m()", "m/1/1", 5, List.of(), List.of());

        String text = WaitRecordCodec.encode(record);

        assertThat(text).isEqualTo("w1\tm\t1\tt\tM#m()\tm/1/1\t5\t0\t0");
        assertThat(WaitRecordCodec.decode(text)).isEqualTo(record);
    }

    @Test
    void escapesOnlyWhatItMust() {
        WaitRecord record = new WaitRecord(
                "node-a",
                7,
                "worker-7",
                "VolumeService#attach(Volume)",
                "node-a/7/3",
                1_700_000_000_000L,
                List.of("volume-1%\t🔒"),
                List.of(new HeldEntry("snapshot-2", 1_699_999_999_000L, "SnapshotService#create(Snapshot)")));

        assertThat(WaitRecordCodec.encode(record))
                .isEqualTo("w1\tnode-a\t7\tworker-7\tVolumeService#attach(Volume)\tnode-a/7/3\t1700000000000"
                        + "\t1\tvolume-1%0025%0009🔒\t1\tsnapshot-2\t1699999999000\tSnapshotService#create(Snapshot)");
    }

    static Stream<Arguments> malformedTexts() {
        return Stream.of(
                arguments("", "too few fields (1), at least 9 expected"),
                arguments("w1\tm\t1\tt\tM\tid\t5\t0", "too few fields (8), at least 9 expected"),
                arguments("w2\tm\t1\tt\tM\tid\t5\t0\t0", "its version is \"w2\", not \"w1\""),
                arguments("w1\tm\tone\tt\tM\tid\t5\t0\t0", "threadId is not a number: \"one\""),
                arguments("w1\tm\t1\tt\tM\tid\t\t0\t0", "waitingSinceMillis is not a number: \"\""),
                arguments("w1\tm\t1\tt\tM\tid\t5\t-1\t0", "the length of waitsFor is -1, but 1 fields follow"),
                arguments("w1\tm\t1\tt\tM\tid\t5\t3\tx\t0", "the length of waitsFor is 3, but 2 fields follow"),
                arguments("w1\tm\t1\tt\tM\tid\t5\t1\tx", "it ends before the length of holds"),
                arguments("w1\tm\t1\tt\tM\tid\t5\t0\tmany", "holds length is not a number: \"many\""),
                arguments("w1\tm\t1\tt\tM\tid\t5\t0\t0\textra", "it has 1 fields for 0 holds, 0 expected"),
                arguments("w1\tm\t1\tt\tM\tid\t5\t0\t1\tx\t1", "it has 2 fields for 1 holds, 3 expected"),
                arguments("w1\tm\t1\tt\tM\tid\t5\t0\t1\tx\tlater\tM", "holds[0].sinceMillis is not a number"),
                arguments("w1\tm%zz00\t1\tt\tM\tid\t5\t0\t0", "memberId holds a bad escape \"%zz00\""),
                arguments("w1\tm\t1\tt\tM\tid\t5\t1\tab%002\t0", "waitsFor[0] ends in an incomplete escape"),
                arguments("w1\tm\t1\tline\nbreak\tM\tid\t5\t0\t0", "threadName holds the character U+000A unescaped"),
                arguments("w1\tm\t1\tt\tM\tid\t5\t0\t1\tx\t1\tM\uD83D", "holds[0].method holds the character U+D83D"));
    }

    @ParameterizedTest
    @MethodSource("malformedTexts")
    void refusesAMalformedTextSayingWhatIsWrong(String text, String why) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> WaitRecordCodec.decode(text))
                .withMessageStartingWith("malformed wait record: ")
                .withMessageContaining(why);
    }
}
