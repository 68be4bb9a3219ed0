package dev.coordination.bench.startup;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the agent's transformer costs a class it turns away: its {@code AnnotatedClassFilter}
 * (name checks, then a walk of the constant pool for the annotation's descriptor) called on each plain
 * generated class file in turn, as the JVM calls it while loading. The filter comes from the agent
 * jar ({@code -Dbench.agent.jar}, public {@code LockInstaller.transformer}) in a loader of its own,
 * found once by reflection; the calls go through the JDK's {@code ClassFileTransformer}. One
 * operation is one class.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FilterCostBenchmark {

    private URLClassLoader agentLoader;
    private ClassFileTransformer filter;
    private String[] internalNames;
    private byte[][] classFiles;
    private int next;

    @Setup(Level.Trial)
    public void loadFilterAndClassFiles() throws Exception {
        Path agentJar = Path.of(System.getProperty("bench.agent.jar"));
        agentLoader = new URLClassLoader(new URL[] {agentJar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        Class<?> sitesType = Class.forName("dev.coordination.agent.runtime.LockSites", true, agentLoader);
        Class<?> installer = Class.forName("dev.coordination.agent.instrument.LockInstaller", true, agentLoader);
        filter = (ClassFileTransformer) installer
                .getMethod("transformer", sitesType, List.class)
                .invoke(null, sitesType.getConstructor().newInstance(), List.of());
        Path jar = Path.of(System.getProperty("bench.startup.jar"));
        List<String> names = new ArrayList<>();
        List<byte[]> files = new ArrayList<>();
        try (JarFile classes = new JarFile(jar.toFile())) {
            for (String name : GeneratedClasses.names(jar)) {
                if (name.startsWith(GeneratedClasses.LOCKED_PACKAGE + ".")) {
                    continue;
                }
                String internal = name.replace('.', '/');
                names.add(internal);
                files.add(classes.getInputStream(classes.getJarEntry(internal + ".class"))
                        .readAllBytes());
            }
        }
        internalNames = names.toArray(new String[0]);
        classFiles = files.toArray(new byte[0][]);
    }

    @Benchmark
    public byte[] turnAwayOnePlainClass() throws IllegalClassFormatException {
        int i = next;
        next = i + 1 == classFiles.length ? 0 : i + 1;
        return filter.transform(agentLoader, internalNames[i], null, null, classFiles[i]);
    }

    @TearDown(Level.Trial)
    public void closeAgentLoader() throws Exception {
        agentLoader.close();
    }
}
