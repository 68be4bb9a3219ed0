package dev.coordination.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A plugin host loads a plugin (its own jar plus the annotations jar) through a class loader of the
 * plugin's own, in two JVMs with the real agent jar: the plugin's {@code @Synchronized} methods are
 * locked across the JVMs, the exceptions it catches are its own loader's classes, {@code
 * Coordination.fence} works from it, and a plugin loader closed and dropped is collected while the
 * agent goes on locking a fresh one. Run for a child-first loader (parent: the application class
 * loader, which has the annotations as well, so they exist twice) and for an isolated one (parent:
 * the platform class loader).
 */
class PluginClassLoaderIT {

    private static final String HOST = "dev.coordination.it.apps.PluginHostApp";
    private static final int THREADS = 3;
    private static final int CALLS = 40;

    @Test
    void childFirstPluginWithItsOwnAnnotationsIsLockedAcrossJvms() throws Exception {
        twoHostsRunThePlugin("child-first");
    }

    @Test
    void isolatedPluginOverThePlatformLoaderIsLockedAcrossJvms() throws Exception {
        twoHostsRunThePlugin("isolated");
    }

    private static void twoHostsRunThePlugin(String loader) throws Exception {
        Path dir = AgentJvm.workDir("plugin-" + loader);
        String args = Ports.cluster("plugin-" + loader, Ports.freeBlock(2), 2, "allow-unsafe-cluster=true");
        try (AgentJvm first = AgentJvm.start("first", dir, args, HOST, hostArgs(loader, "first", dir))) {
            AgentJvm.awaitFile(dir.resolve("ready-first"), 90, first);
            try (AgentJvm second = AgentJvm.start("second", dir, args, HOST, hostArgs(loader, "second", dir))) {
                assertThat(second.awaitExit(180))
                        .as("second JVM's exit code; log:\n%s", second.output())
                        .isZero();
                assertThat(first.awaitExit(180))
                        .as("first JVM's exit code; log:\n%s", first.output())
                        .isZero();

                for (AgentJvm jvm : new AgentJvm[] {first, second}) {
                    String log = jvm.output();
                    assertThat(jvm.result("pluginAnnotationIsHosts"))
                            .as("annotation class shared; log:\n%s", log)
                            .isEqualTo("false");
                    assertThat(jvm.result("pluginAnnotationLoader")).isEqualTo("plugin");
                    assertThat(jvm.result("pluginExceptionIsHosts")).isEqualTo("false");
                    assertThat(jvm.result("failures"))
                            .as("failed increments; log:\n%s", log)
                            .isEqualTo("0");
                    assertThat(jvm.result("maxHolders"))
                            .as("threads inside at once in this JVM")
                            .isEqualTo("1");
                    assertThat(jvm.result("nullItem"))
                            .as("a null in the template; log:\n%s", log)
                            .isEqualTo("LockTemplateException");
                    assertThat(jvm.result("nullItemBodyRan")).isEqualTo("false");
                    assertThat(jvm.result("nullItemExceptionLoader"))
                            .as("caught by the plugin as its own class")
                            .isEqualTo("plugin");
                    assertThat(jvm.result("droppedLoaderCollected"))
                            .as("the closed plugin loader was collected")
                            .isEqualTo("true");
                    assertThat(jvm.result("reloadedFailures"))
                            .as("calls through a fresh plugin loader")
                            .isEqualTo("0");
                    assertThat(jvm.result("reloadedMaxHolders")).isEqualTo("1");
                }
                assertThat(first.result("held")).isEqualTo("item-held");
                assertThat(second.result("tryOnce"))
                        .as("blocking=false against the other JVM's hold; log:\n%s", second.output())
                        .isEqualTo("failed");
                assertThat(second.result("lockName")).isEqualTo("item-held");
                assertThat(second.result("tryOnceBodyRan")).isEqualTo("false");
                assertThat(second.result("tryOnceExceptionLoader"))
                        .as("caught by the plugin as its own class")
                        .isEqualTo("plugin");
                assertThat(second.result("fenceGrew"))
                        .as("Coordination.fence from the plugin, next holder")
                        .isEqualTo("true");

                long expected = 2L * THREADS * CALLS + 2L * CALLS;
                long counted =
                        Long.parseLong(Files.readString(dir.resolve("counters").resolve("item-shared"))
                                .trim());
                assertThat(counted)
                        .as("increments of the shared counter (lost updates: %d)", expected - counted)
                        .isEqualTo(expected);
            }
        }
    }

    private static String[] hostArgs(String loader, String role, Path dir) {
        return new String[] {
            loader,
            role,
            dir.toString(),
            AgentJvm.builtJar("it.plugin.jar").toString(),
            System.getProperty("it.annotations.jar"),
            "" + THREADS,
            "" + CALLS
        };
    }
}
