package dev.coordination.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A modular application ({@code java --module-path ... -m app/app.Main}, its annotated classes in the
 * named module {@code app}, which exports nothing and requires {@code dev.coordination.annotations})
 * with the real agent jar, in two JVMs: locked across them, templates read a public record of a
 * package the module does not export, the exceptions and {@code Coordination.fence} work from the
 * module. Without the JDK modules the agent needs, the JVM stops before main with one line.
 */
class ModularAppIT {

    private static final String MAIN = "app/app.Main";
    private static final List<String> ALL_DEFAULT = List.of("--add-modules", "ALL-DEFAULT");
    private static final int THREADS = 3;
    private static final int CALLS = 40;

    @Test
    void modularApplicationInTwoJvmsIsLockedWithTemplatesReadingItsUnexportedRecords() throws Exception {
        Path dir = AgentJvm.workDir("modular");
        String args = Ports.cluster("modular", Ports.freeBlock(2), 2, "allow-unsafe-cluster=true");
        try (AgentJvm first =
                AgentJvm.startModular("first", dir, ALL_DEFAULT, args, modulePath(), MAIN, appArgs("first", dir))) {
            AgentJvm.awaitFile(dir.resolve("ready-first"), 90, first);
            try (AgentJvm second = AgentJvm.startModular(
                    "second", dir, ALL_DEFAULT, args, modulePath(), MAIN, appArgs("second", dir))) {
                assertThat(second.awaitExit(180))
                        .as("second JVM's exit code; log:\n%s", second.output())
                        .isZero();
                assertThat(first.awaitExit(180))
                        .as("first JVM's exit code; log:\n%s", first.output())
                        .isZero();

                for (AgentJvm jvm : new AgentJvm[] {first, second}) {
                    String log = jvm.output();
                    assertThat(jvm.result("module"))
                            .as("the sections' module; log:\n%s", log)
                            .isEqualTo("app");
                    assertThat(jvm.result("annotationsModule")).isEqualTo("dev.coordination.annotations");
                    assertThat(jvm.result("active")).isEqualTo("true");
                    assertThat(jvm.result("failures"))
                            .as("failed increments; log:\n%s", log)
                            .isEqualTo("0");
                    assertThat(jvm.result("maxHolders"))
                            .as("threads inside at once in this JVM")
                            .isEqualTo("1");
                    assertThat(jvm.result("nullId"))
                            .as("a null in the template; log:\n%s", log)
                            .isEqualTo("LockTemplateException");
                    assertThat(jvm.result("nullIdBodyRan")).isEqualTo("false");
                    assertThat(log).contains("vol.id is null");
                }
                assertThat(first.result("held")).isEqualTo("volume-held");
                assertThat(second.result("tryOnce"))
                        .as("blocking=false against the other JVM's hold; log:\n%s", second.output())
                        .isEqualTo("failed");
                assertThat(second.result("lockName")).isEqualTo("volume-held");
                assertThat(second.result("tryOnceBodyRan")).isEqualTo("false");
                assertThat(second.result("fenceGrew"))
                        .as("Coordination.fence from the module, next holder")
                        .isEqualTo("true");

                long expected = 2L * THREADS * CALLS;
                long counted =
                        Long.parseLong(Files.readString(dir.resolve("counters").resolve("volume-shared"))
                                .trim());
                assertThat(counted)
                        .as("increments of the shared counter (lost updates: %d)", expected - counted)
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void withoutTheJdkModulesTheAgentNeedsTheJvmStopsBeforeMainWithOneLine() throws Exception {
        Path dir = AgentJvm.workDir("modular-bare");
        String args = Ports.cluster("modular-bare", Ports.freeBlock(1), 1, "");
        try (AgentJvm bare =
                AgentJvm.startModular("bare", dir, List.of(), args, modulePath(), MAIN, appArgs("first", dir))) {
            assertThat(bare.awaitExit(60))
                    .as("exit code; log:\n%s", bare.output())
                    .isEqualTo(2);
            String log = bare.output();
            assertThat(log)
                    .contains("coordination: this JVM was started without the JDK modules")
                    .contains("jdk.unsupported")
                    .contains("--add-modules ALL-DEFAULT")
                    .doesNotContain("RESULT")
                    .doesNotContain("Exception");
        }
    }

    private static String modulePath() {
        return AgentJvm.builtJar("it.modular.app.jar")
                + File.pathSeparator
                + System.getProperty("it.annotations.jar")
                + File.pathSeparator
                + System.getProperty("it.support.jar");
    }

    private static String[] appArgs(String role, Path dir) {
        return new String[] {role, dir.toString(), "" + THREADS, "" + CALLS};
    }
}
