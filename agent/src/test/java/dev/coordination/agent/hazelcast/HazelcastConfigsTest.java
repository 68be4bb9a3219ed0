package dev.coordination.agent.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coordination.agent.config.AgentConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When a dedicated member in CP unsafe mode would join others, so that it must not start without the opt-in. */
class HazelcastConfigsTest {

    @TempDir
    Path dir;

    private static String unsafePeers(String arguments) {
        AgentConfig settings = AgentConfig.load(new Properties(), arguments);
        return HazelcastConfigs.unsafePeers(settings, HazelcastConfigs.member(settings));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "''",
                "members=127.0.0.1",
                "members=127.0.0.1:5701",
                "port=5801,members=127.0.0.1:5801",
                "interface=10.0.0.1,members=10.0.0.1:5701",
                "members=127.0.0.1:5701,127.0.0.1:5702,cp-member-count=3",
                "members=127.0.0.1:5701,127.0.0.1:5702,allow-unsafe-cluster=true",
            })
    void aMemberAloneOrWithRaftOrWithTheOptInMayStart(String arguments) {
        assertThat(unsafePeers(arguments)).isNull();
    }

    @Test
    void anUnsafeMemberListingAnotherIsRefusedWithOneLineNamingBothSettings() {
        assertThat(unsafePeers("members=127.0.0.1:5701,127.0.0.1:5702"))
                .isEqualTo(
                        "coordination.members=\"127.0.0.1:5701,127.0.0.1:5702\" names other members (127.0.0.1:5702), and"
                                + " coordination.cp-member-count=0 would run them in Hazelcast's CP unsafe mode (no Raft), where a"
                                + " lock can be lost when a member crashes and both sides of a network split grant it; set"
                                + " coordination.cp-member-count=3 or more on every member, or coordination.allow-unsafe-cluster=true"
                                + " to run it anyway");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "port=5801,members=127.0.0.1:5701                   | 127.0.0.1:5701",
                "members=localhost:5701                              | localhost:5701",
                "interface=10.0.0.1,members=10.0.0.1:5701,10.0.0.2 | 10.0.0.2",
                "members=127.0.0.*                                    | 127.0.0.*",
            })
    void anEntryThatIsNotThisMembersOwnInterfaceAndPortIsAnotherMember(String arguments, String other) {
        assertThat(unsafePeers(arguments)).contains("names other members (" + other + ")");
    }

    @Test
    void portRangesAreOtherMembers() {
        assertThat(HazelcastConfigs.others(List.of("127.0.0.1:5701-5703"), List.of("127.0.0.1"), 5701))
                .containsExactly("127.0.0.1:5701-5703");
    }

    @Test
    void ipv6EntriesAreReadWithTheirBrackets() {
        assertThat(HazelcastConfigs.others(List.of("[::1]:5701", "[::1]", "[::1]:5702", "::1"), List.of("::1"), 5701))
                .containsExactly("[::1]:5702");
    }

    @Test
    void aMemberFileWhoseJoinFindsOthersIsRefusedNamingTheFile() throws Exception {
        Path file = dir.resolve("member.yaml");
        Files.writeString(
                file,
                "hazelcast:\n  cluster-name: from-file\n  network:\n    join:\n"
                        + "      multicast:\n        enabled: true\n");
        String problem = unsafePeers("hazelcast-config=" + file);
        assertThat(problem)
                .startsWith("the join configuration of coordination.hazelcast-config=\"" + file
                        + "\" finds other members (multicast discovery)")
                .contains("coordination.allow-unsafe-cluster=true");
    }
}
