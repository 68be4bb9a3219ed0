package dev.coordination.agent.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.zookeeper.common.PathUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LockNodesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {"volume-1", "a/b", "100%", ".", "..", "tab\there", "emoji-\uD83D\uDE00", "x\u0000y", "%0041"})
    void everyNameBecomesOneValidPathElementAndComesBackUnchanged(String name) {
        String parent = LockNodes.parentOf(name);
        PathUtils.validatePath(parent);
        assertThat(parent.substring(LockNodes.ROOT.length() + 1)).doesNotContain("/");
        assertThat(LockNodes.unescape(LockNodes.escape(name))).isEqualTo(name);
    }

    @Test
    void plainNamesAreNotCopied() {
        String name = "volume-1234";
        assertThat(LockNodes.escape(name)).isSameAs(name);
    }

    @Test
    void queuesAreOrderedBySequenceNumberWhateverProtectionPrefixComesFirst() {
        assertThat(LockNodes.inOrder(List.of("_c_b-n-0000000012", "_c_a-n-0000000003", "_c_c-n-0000000007")))
                .containsExactly("_c_a-n-0000000003", "_c_c-n-0000000007", "_c_b-n-0000000012");
    }
}
