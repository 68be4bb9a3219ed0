package dev.coordination.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A bad setting stops the JVM before the application runs, with one line naming the property. */
class BadConfigurationIT {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "mode=server        | agent argument mode=\"server\": unknown mode; use embedded, client or local",
                "port=abc           | agent argument port=\"abc\": not a whole number",
                "port=70000         | agent argument port=\"70000\": not a port number (1-65535)",
                "cp-member-count=2  | agent argument cp-member-count=\"2\": must be 0 (no Raft, unsafe mode) or 3 or more",
                "allow-unsafe-cluster=yes | agent argument allow-unsafe-cluster=\"yes\": must be true or false",
                "clustername=x      | agent argument clustername is not a coordination setting",
                "prefix=a@b         | agent argument prefix=\"a@b\": must not contain '@'",
                "session-ttl=5,heartbeat=5 | must be greater than agent argument heartbeat=\"5\"",
                "backend=zookeeper,mode=embedded | agent argument mode=\"embedded\": the ZooKeeper backend has no embedded mode",
                "backend=zookeeper,zookeeper.connect=zk1 | agent argument zookeeper.connect=\"zk1\": \"zk1\" is not host:port",
                "backend=zookeeper,session-ttl=0 | agent argument session-ttl=\"0\": must be a whole number of seconds from 1 to 2147483 (with coordination.backend=zookeeper it is the ZooKeeper session timeout",
            })
    void stopsBeforeMainWithOneLineNamingTheProperty(String agentArgs, String expected) throws Exception {
        Path dir = AgentJvm.workDir("badconfig");
        try (AgentJvm jvm = AgentJvm.start(
                "jvm", dir, agentArgs, "dev.coordination.it.apps.ContenderApp", "hold", dir.toString(), "never")) {
            assertThat(jvm.awaitExit(60))
                    .as("exit code; log:\n%s", jvm.output())
                    .isEqualTo(2);
            String output = jvm.output().trim();
            assertThat(output)
                    .startsWith("coordination: invalid configuration: ")
                    .contains(expected);
            assertThat(output.lines()
                            .filter(line -> !line.contains("VM warning"))
                            .count())
                    .as("one line of explanation:\n%s", output)
                    .isEqualTo(1);
            assertThat(dir.resolve("inside"))
                    .as("the application must not have run")
                    .doesNotExist();
        }
    }
}
