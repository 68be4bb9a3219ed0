package dev.coordination.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The agent jar is what users put on {@code -javaagent:}: self-contained, every class under our
 * own package (dependencies relocated), no copy of the annotations, and the manifest a JVM needs.
 */
class AgentJarIT {

    /** Everything the jar may hold; a new entry outside this list must be a conscious choice. */
    private static final Pattern ALLOWED = Pattern.compile(String.join(
            "|",
            "dev/",
            "dev/coordination/",
            "dev/coordination/agent/.*",
            "META-INF/",
            "META-INF/MANIFEST\\.MF",
            "META-INF/services/",
            "META-INF/services/dev\\.coordination\\.agent\\.shaded\\..*",
            "META-INF/licenses/.*",
            "META-INF/(THIRD-PARTY|attribution)\\.txt",
            // Hazelcast's versioned schemas, read by bare name to validate coordination.hazelcast-config files.
            "hazelcast-(client-)?(failover-)?config-[0-9.]+\\.(xsd|json)",
            "LICENSE-ClassGraph\\.txt"));

    @Test
    void holdsOnlyOurPackageAndRelocatedDependencies() throws Exception {
        List<String> unexpected = new ArrayList<>();
        List<String> classesOutsideOurPackage = new ArrayList<>();
        try (JarFile jar = new JarFile(AgentJvm.agentJar().toFile())) {
            for (JarEntry entry : (Iterable<JarEntry>) jar.stream()::iterator) {
                String name = entry.getName();
                if (!ALLOWED.matcher(name).matches()) {
                    unexpected.add(name);
                }
                if (name.endsWith(".class") && !name.startsWith("dev/coordination/agent/")) {
                    classesOutsideOurPackage.add(name);
                }
            }
        }
        assertThat(classesOutsideOurPackage)
                .as("classes not relocated under dev/coordination/agent/")
                .isEmpty();
        assertThat(unexpected).as("jar entries outside the allow-list").isEmpty();
    }

    /**
     * The agent jar is on the system class path, which application class loaders ask first: an
     * application's own Hazelcast would read these from the agent jar instead of its own
     * ({@code SpringBootAppIT} shows its {@code Config.loadDefault()} reading its own file).
     */
    @Test
    void carriesNoHazelcastResourceWhoseNameIsTheSameInEveryVersion() throws Exception {
        try (JarFile jar = new JarFile(AgentJvm.agentJar().toFile())) {
            for (String name : List.of(
                    "hazelcast-default.xml",
                    "hazelcast-default.yaml",
                    "hazelcast-client-default.xml",
                    "hazelcast-client-default.yaml",
                    "hazelcast-download.properties",
                    "lib/linux-x86_64/libaffinity_helper.so",
                    "lib/linux-x86_64/libicmp_helper.so")) {
                assertThat(jar.getEntry(name)).as("agent jar entry %s", name).isNull();
            }
        }
    }

    @Test
    void doesNotBundleTheAnnotations() throws Exception {
        try (JarFile jar = new JarFile(AgentJvm.agentJar().toFile())) {
            assertThat(jar.getEntry("dev/coordination/Synchronized.class"))
                    .as("the application's class loader owns the annotations; a second copy would split them")
                    .isNull();
        }
    }

    @Test
    void manifestNamesTheEntryPoints() throws Exception {
        try (JarFile jar = new JarFile(AgentJvm.agentJar().toFile())) {
            Attributes main = jar.getManifest().getMainAttributes();
            assertThat(main.getValue("Premain-Class")).isEqualTo("dev.coordination.agent.LockAgent");
            assertThat(main.getValue("Agent-Class")).isEqualTo("dev.coordination.agent.LockAgent");
            assertThat(main.getValue("Main-Class")).isEqualTo("dev.coordination.agent.cli.Main");
            assertThat(main.getValue("Can-Retransform-Classes")).isEqualTo("true");
        }
    }
}
