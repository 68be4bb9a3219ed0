package dev.coordination.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coordination.it.ScenarioClient.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.server.embedded.ExitHandler;
import org.apache.zookeeper.server.embedded.ZooKeeperServerEmbedded;
import org.junit.jupiter.api.Test;

/**
 * TLS between the agent and ZooKeeper: a server inside this JVM that listens only on a TLS port of
 * 127.0.0.1 and requires client certificates, with a key pair and trust store the test makes with
 * the JDK's keytool. A JVM given ZooKeeper's own TLS client properties through {@code
 * coordination.zookeeper.*} locks; a JVM without them cannot reach the server and fails closed.
 */
class ZooKeeperTlsIT {

    private static final String PASSWORD = "it-secret";

    @Test
    void aJvmWithTheTlsSettingsLocksAndOneWithoutThemFailsClosed() throws Exception {
        long began = System.nanoTime();
        Path dir = AgentJvm.workDir("zookeeper-tls");
        Path keyStore = dir.resolve("zk-key.p12");
        Path trustStore = dir.resolve("zk-trust.p12");
        makeCertificate(dir, keyStore, trustStore);
        int port = Ports.freeBlock(1);
        Properties config = new Properties();
        config.setProperty("tickTime", "500");
        config.setProperty("initLimit", "10");
        config.setProperty("syncLimit", "5");
        config.setProperty("dataDir", dir.resolve("zk-data").toString());
        config.setProperty("secureClientPort", Integer.toString(port));
        config.setProperty("secureClientPortAddress", "127.0.0.1");
        config.setProperty("serverCnxnFactory", "org.apache.zookeeper.server.NettyServerCnxnFactory");
        config.setProperty("ssl.keyStore.location", keyStore.toString());
        config.setProperty("ssl.keyStore.password", PASSWORD);
        config.setProperty("ssl.trustStore.location", trustStore.toString());
        config.setProperty("ssl.trustStore.password", PASSWORD);
        config.setProperty("admin.enableServer", "false");
        Files.createDirectories(dir.resolve("zk-base"));
        try (ZooKeeperServerEmbedded server = ZooKeeperServerEmbedded.builder()
                .baseDir(dir.resolve("zk-base"))
                .configuration(config)
                .exitHandler(ExitHandler.LOG_ONLY)
                .build()) {
            server.start(30_000);
            String connect = "127.0.0.1:" + port;
            String tls = "zookeeper.client.secure=true,zookeeper.ssl.keyStore.location=" + keyStore
                    + ",zookeeper.ssl.keyStore.password=" + PASSWORD + ",zookeeper.ssl.trustStore.location="
                    + trustStore + ",zookeeper.ssl.trustStore.password=" + PASSWORD;
            try (ScenarioClient secure =
                            ScenarioClient.start("secure", dir, ZooKeeperEnsemble.agentArgs(connect, "tls", 4, tls));
                    ScenarioClient plain =
                            ScenarioClient.start("plain", dir, ZooKeeperEnsemble.agentArgs(connect, "tls", 4, ""))) {
                secure.awaitControlPort(ScenarioCluster.START_SECONDS);
                plain.awaitControlPort(ScenarioCluster.START_SECONDS);
                secure.ok("WARMUP tls-warmup 60", 70);
                Reply locked = secure.ok("TRYNOW tls-volume", 30);
                assertThat(locked.get("outcome")).as(locked.line).isEqualTo("ran");
                Reply refused = plain.ok("TRYNOW tls-volume", 30);
                assertThat(refused.get("outcome")).as(refused.line).isEqualTo("failed");
                assertThat(refused.get("bodyRan")).isEqualTo("false");
                assertThat(refused.number("millis")).as(refused.line).isLessThan(5_000);
                assertThat(secure.jvm.output())
                        .contains("zookeeper.client.secure=true")
                        .doesNotContain(PASSWORD);
            }
        } finally {
            // The server's configuration put its TLS settings into this JVM's system properties.
            for (String key : List.copyOf(System.getProperties().stringPropertyNames())) {
                if (key.startsWith("zookeeper.ssl.") || key.equals("zookeeper.serverCnxnFactory")) {
                    System.clearProperty(key);
                }
            }
        }
        System.out.printf("ZooKeeperTlsIT: %,d ms in all%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
    }

    /** A self-signed certificate for 127.0.0.1 and localhost, serving as server and client key alike. */
    private static void makeCertificate(Path dir, Path keyStore, Path trustStore) throws Exception {
        Path certificate = dir.resolve("zk.cer");
        keytool(
                dir,
                "-genkeypair",
                "-alias",
                "zk",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=ip:127.0.0.1,dns:localhost",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                PASSWORD,
                "-keypass",
                PASSWORD);
        keytool(
                dir,
                "-exportcert",
                "-alias",
                "zk",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                PASSWORD,
                "-file",
                certificate.toString());
        keytool(
                dir,
                "-importcert",
                "-noprompt",
                "-alias",
                "zk",
                "-file",
                certificate.toString(),
                "-storetype",
                "PKCS12",
                "-keystore",
                trustStore.toString(),
                "-storepass",
                PASSWORD);
    }

    private static void keytool(Path dir, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Path log = dir.resolve("keytool.log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("keytool %s finished", args[0])
                .isTrue();
        assertThat(process.exitValue())
                .as("keytool %s; output:\n%s", args[0], Files.readString(log))
                .isZero();
    }
}
