package dev.coordination.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GlobTest {

    /** Each expected value is what Python 3.11's fnmatch.fnmatchcase(name, pattern) returned. */
    static Stream<Arguments> pythonOutcomes() {
        return Stream.of(
                arguments("volume-*", "volume-1", true),
                arguments("volume-*", "Volume-1", false),
                arguments("volume-*", "volume-", true),
                arguments("volume-*", "xvolume-1", false),
                arguments("*", "", true),
                arguments("?", "", false),
                arguments("a?c", "abc", true),
                arguments("a?c", "ac", false),
                arguments("a?c", "abbc", false),
                arguments("*-attach-*", "vol-1-attach-host", true),
                arguments("*-attach-*", "vol-1-detach-host", false),
                arguments("a*b*c", "aXbYc", true),
                arguments("a*b*c", "aXbY", false),
                arguments("a**c", "abc", true),
                arguments("a[b", "a[b", true),
                arguments("a[", "a[", true),
                arguments("[", "[", true),
                arguments("[!", "[!", true),
                arguments("[!]", "[!]", true),
                arguments("[!]", "!", false),
                arguments("[abc]", "b", true),
                arguments("[abc]", "d", false),
                arguments("[!abc]", "d", true),
                arguments("[!abc]", "a", false),
                arguments("[]]", "]", true),
                arguments("[]a]", "a", true),
                arguments("[!]]", "]", false),
                arguments("[!]]", "a", true),
                arguments("[]-a]", "b", false),
                arguments("[]-a]", "^", true),
                arguments("[a-]", "-", true),
                arguments("[a-]", "a", true),
                arguments("[a-c]", "b", true),
                arguments("[a-c]", "d", false),
                arguments("[-a]", "-", true),
                arguments("[c-a]", "b", false),
                arguments("[c-a]", "c", false),
                arguments("[!c-a]", "x", true),
                arguments("[!c-a]", "", false),
                arguments("[z-ab-c]", "b", true),
                arguments("[z-ab-c]", "z", false),
                arguments("[z-ab-c]", "a", false),
                arguments("[a-c-e]", "-", true),
                arguments("[a-c-e]", "d", false),
                arguments("[a-c-e]", "e", true),
                arguments("[--0]", ".", true),
                arguments("[--0]", "1", false),
                arguments("[!-a]", "-", false),
                arguments("[!-a]", "b", true),
                arguments("[a\\]", "\\", true),
                arguments("[a\\]", "a", true),
                arguments("[\\-z]", "x", true),
                arguments("[\\-z]", "[", false),
                arguments("[&&b]", "&", true),
                arguments("[a~~b]", "~", true),
                arguments("[a||b]", "|", true),
                arguments("[^a]", "^", true),
                arguments("[^a]", "b", false),
                arguments("[[a]", "[", true),
                arguments("[[]", "[", true),
                arguments("a*", "a\nb", true),
                arguments("a?b", "a\nb", true),
                arguments("*.lock", "x.lock", true),
                arguments("*.lock", "xylock", false),
                arguments("lock-?", "lock-\u00E9", true),
                arguments("lock-?", "lock-\uD83D\uDD12", true),
                arguments("[\uD83D\uDD11-\uD83D\uDD13]", "\uD83D\uDD12", true),
                arguments("[a-c][!0-9]*", "b-x", true),
                arguments("[a-c][!0-9]*", "b1x", false),
                arguments("[!a-cx-z]", "y", false),
                arguments("[!a-cx-z]", "m", true),
                arguments("[a-a]", "a", true),
                arguments("[b-a]", "a", false),
                arguments("[b-ab]", "b", true),
                arguments("[ab-a]", "a", true),
                arguments("[ab-a]", "b", false));
    }

    @ParameterizedTest(name = "fnmatchcase({1}, {0}) is {2}")
    @MethodSource("pythonOutcomes")
    void matchesAsPythonFnmatchcase(String pattern, String name, boolean expected) {
        assertThat(Glob.compile(pattern).matches(name)).isEqualTo(expected);
    }

    @Test
    void keepsThePatternAsWritten() {
        assertThat(Glob.compile("volume-[!0-9]*").pattern()).isEqualTo("volume-[!0-9]*");
    }

    @Test
    void matchesLongNamesWithManyStarsWithoutBacktrackingBlowUp() {
        String name = "a".repeat(10_000) + "b";

        assertThat(Glob.compile("*a*a*a*a*a*a*c").matches(name)).isFalse();
        assertThat(Glob.compile("*a*a*a*a*a*a*b").matches(name)).isTrue();
    }
}
