package dev.coordination.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.Hazelcast;
import dev.coordination.samples.AdviceSamples;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import net.bytebuddy.ByteBuddy;
import org.junit.jupiter.api.Test;

/**
 * Which classes reach ByteBuddy at all. With {@code coordination.include} unset every class is
 * looked at, so the filter must turn away, by name or by one scan of the bytes and without parsing,
 * every class of the JDK, of frameworks (here: Hazelcast and ByteBuddy, 10,000+ classes) and of
 * the agent itself, and let through the classes that declare {@code @Synchronized}.
 */
class AnnotatedClassFilterTest {

    private final AnnotatedClassFilter everything = filter(List.of());

    private static AnnotatedClassFilter filter(List<String> include) {
        ClassFileTransformer parsesNothing = new ClassFileTransformer() {};
        return new AnnotatedClassFilter(parsesNothing, null, include);
    }

    @Test
    void letsThroughAClassThatDeclaresTheAnnotation() throws IOException {
        assertThat(everything.candidate(internalName(AdviceSamples.Sample.class), bytesOf(AdviceSamples.Sample.class)))
                .isTrue();
    }

    @Test
    void turnsAwayAClassThatOnlyUsesClassesThatCarryTheAnnotation() throws IOException {
        assertThat(everything.candidate(
                        internalName(AnnotatedClassFilterTest.class), bytesOf(AnnotatedClassFilterTest.class)))
                .isFalse();
    }

    @Test
    void turnsAwayTheAgentsOwnClassesEvenWhenAnnotated() throws IOException {
        assertThat(everything.candidate(
                        internalName(LockAdviceTest.AgentOwn.class), bytesOf(LockAdviceTest.AgentOwn.class)))
                .isFalse();
    }

    @Test
    void includeTurnsAwayAnnotatedClassesOutsideItsPackagesByNameAlone() throws IOException {
        byte[] annotated = bytesOf(AdviceSamples.Sample.class);
        assertThat(filter(List.of("com.acme")).candidate(internalName(AdviceSamples.Sample.class), annotated))
                .isFalse();
        assertThat(filter(List.of("com.acme", "dev.coordination.samples"))
                        .candidate(internalName(AdviceSamples.Sample.class), annotated))
                .isTrue();
        assertThat(filter(List.of("dev.coordination.sample")).covers("dev/coordination/samples/X"))
                .as("a prefix is a whole package, not the start of a name")
                .isFalse();
    }

    @Test
    void findsTheDescriptorInTheConstantPoolOfAClassThatDeclaresTheAnnotation() {
        byte[] declaring = WeavingWarmUp.target();

        assertThat(ConstantPoolScan.findUtf8(declaring, "Ldev/coordination/Synchronized;".getBytes()))
                .isEqualTo(ConstantPoolScan.PRESENT);
        assertThat(ConstantPoolScan.findUtf8(declaring, "Ldev/coordination/Other;".getBytes()))
                .isEqualTo(ConstantPoolScan.ABSENT);
    }

    @Test
    void scansEveryByteOfAClassFileItsPoolWalkCannotRead() {
        byte[] declaring = WeavingWarmUp.target();
        byte[] cutShort = java.util.Arrays.copyOf(declaring, 40);
        byte[] notAClassFile = "xxLdev/coordination/Synchronized;xx".getBytes();

        assertThat(ConstantPoolScan.findUtf8(cutShort, "Ldev/coordination/Synchronized;".getBytes()))
                .isEqualTo(ConstantPoolScan.UNREADABLE);
        assertThat(AnnotatedClassFilter.mentionsAnnotation(notAClassFile)).isTrue();
        assertThat(AnnotatedClassFilter.mentionsAnnotation(cutShort)).isFalse();
    }

    @Test
    void turnsAwayEveryClassOfTheJdksBaseModule() throws IOException {
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        List<String> passed = new ArrayList<>();
        int[] seen = {0};
        try (Stream<Path> files = Files.walk(jrt.getPath("/modules/java.base"))) {
            files.filter(file -> file.toString().endsWith(".class")).forEach(file -> {
                String name = file.toString()
                        .substring("/modules/java.base/".length())
                        .replace(".class", "");
                seen[0]++;
                try {
                    byte[] bytes = Files.readAllBytes(file);
                    if (everything.candidate(name, bytes) || AnnotatedClassFilter.mentionsAnnotation(bytes)) {
                        passed.add(name);
                    }
                } catch (IOException e) {
                    throw new AssertionError(file + ": " + e, e);
                }
            });
        }
        assertThat(seen[0]).as("classes in java.base").isGreaterThan(5_000);
        assertThat(passed).isEmpty();
    }

    @Test
    void turnsAwayEveryClassOfTwoFrameworksByTheirBytesAlone() throws IOException {
        int seen = 0;
        List<String> passed = new ArrayList<>();
        long bytes = 0;
        long started = System.nanoTime();
        for (Class<?> framework : List.of(Hazelcast.class, ByteBuddy.class)) {
            Path jar = Path.of(framework
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .getPath());
            try (JarFile classes = new JarFile(jar.toFile())) {
                for (JarEntry entry : java.util.Collections.list(classes.entries())) {
                    if (!entry.getName().endsWith(".class") || entry.getName().endsWith("module-info.class")) {
                        continue;
                    }
                    byte[] file;
                    try (InputStream in = classes.getInputStream(entry)) {
                        file = in.readAllBytes();
                    }
                    String name = entry.getName().replace(".class", "");
                    assertThat(everything.covers(name))
                            .as("not skipped by name: %s", name)
                            .isTrue();
                    seen++;
                    bytes += file.length;
                    if (everything.candidate(name, file)) {
                        passed.add(name);
                    }
                }
            }
        }
        long micros = (System.nanoTime() - started) / 1_000;
        assertThat(seen).as("framework classes").isGreaterThan(10_000);
        assertThat(passed).isEmpty();
        System.out.printf(
                "AnnotatedClassFilterTest: %,d framework classes (%,d KB) read and turned away in %,d ms"
                        + " (reading included)%n",
                seen, bytes / 1024, micros / 1_000);
    }

    private static String internalName(Class<?> type) {
        return type.getName().replace('.', '/');
    }

    private static byte[] bytesOf(Class<?> type) {
        return TransformingLoader.bytesOf(type);
    }
}
