package dev.coordination.bench.startup;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * The start-up benchmark's application: {@link #COUNT} classes compiled by javac (with {@code -g},
 * as Maven compiles) from generated sources into one jar. {@link #ANNOTATED} of them, in package
 * {@link #LOCKED_PACKAGE}, carry {@code @Synchronized} methods; the rest, in {@link #PLAIN_PACKAGES}
 * other packages, are plain classes of a realistic size (fields, a constructor, accessors, a loop,
 * {@code equals}/{@code hashCode}/{@code toString}, a static initialiser). Generated once per run.
 */
public final class GeneratedClasses {

    public static final int COUNT = 10_000;
    public static final int ANNOTATED = 10;
    public static final int PLAIN_PACKAGES = 10;
    public static final String LOCKED_PACKAGE = "bench.gen.locked";

    /** The jar and the binary names of its classes, in load order (annotated ones spread through it). */
    public final Path jar;

    public final List<String> names;

    private GeneratedClasses(Path jar, List<String> names) {
        this.jar = jar;
        this.names = names;
    }

    /** Writes and compiles the classes under {@code dir} (emptied first); needs a JDK. */
    public static GeneratedClasses generate(Path dir, Path annotationsJar) throws IOException {
        deleteRecursively(dir);
        Path sources = Files.createDirectories(dir.resolve("src"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        List<String> names = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        int lockedEvery = COUNT / ANNOTATED;
        for (int i = 0; i < COUNT; i++) {
            boolean locked = i % lockedEvery == lockedEvery / 2;
            String pkg = locked ? LOCKED_PACKAGE : "bench.gen.p" + (i % PLAIN_PACKAGES);
            String simple = (locked ? "LockedService" : "Entity") + i;
            Path file = Files.createDirectories(sources.resolve(pkg.replace('.', '/')))
                    .resolve(simple + ".java");
            Files.writeString(file, locked ? lockedSource(pkg, simple, i) : plainSource(pkg, simple, i));
            files.add(file);
            names.add(pkg + "." + simple);
        }
        compile(files, classes, annotationsJar);
        Path jar = dir.resolve("generated.jar");
        writeJar(classes, jar);
        Files.write(dir.resolve("classes.txt"), names);
        return new GeneratedClasses(jar, List.copyOf(names));
    }

    /** The class names {@link #generate} wrote next to the jar. */
    public static List<String> names(Path jar) throws IOException {
        return Files.readAllLines(jar.resolveSibling("classes.txt"));
    }

    static String plainSource(String pkg, String simple, int i) {
        int extraFields = i % 4;
        StringBuilder fields = new StringBuilder();
        StringBuilder accessors = new StringBuilder();
        for (int f = 0; f < extraFields; f++) {
            fields.append("    private double weight")
                    .append(f)
                    .append(" = ")
                    .append(f)
                    .append(".5;\n");
            accessors
                    .append("    public double weight")
                    .append(f)
                    .append("() { return weight")
                    .append(f)
                    .append("; }\n")
                    .append("    public void weight")
                    .append(f)
                    .append("(double value) { this.weight")
                    .append(f)
                    .append(" = value; }\n");
        }
        return "package " + pkg + ";\n\n"
                + "import java.util.ArrayList;\n"
                + "import java.util.List;\n"
                + "import java.util.Objects;\n"
                + "import java.util.concurrent.atomic.AtomicLong;\n\n"
                + "public class " + simple + " {\n"
                + "    private static final AtomicLong CREATED = new AtomicLong();\n"
                + "    private static final String KIND = \"entity-" + i + "\";\n"
                + "    private final long id;\n"
                + "    private String name;\n"
                + "    private int count;\n"
                + "    private final List<String> tags = new ArrayList<>();\n"
                + fields
                + "\n"
                + "    public " + simple + "(long id, String name) {\n"
                + "        this.id = id;\n"
                + "        this.name = Objects.requireNonNull(name, \"name\");\n"
                + "        CREATED.incrementAndGet();\n"
                + "    }\n\n"
                + "    public long id() { return id; }\n"
                + "    public String name() { return name; }\n"
                + "    public void rename(String name) { this.name = Objects.requireNonNull(name, \"name\"); }\n"
                + "    public int count() { return count; }\n"
                + accessors
                + "\n"
                + "    public int add(int by) {\n"
                + "        if (by < 0) {\n"
                + "            throw new IllegalArgumentException(KIND + \": negative amount \" + by);\n"
                + "        }\n"
                + "        count += by;\n"
                + "        return count;\n"
                + "    }\n\n"
                + "    public void tag(String tag) { tags.add(Objects.requireNonNull(tag, \"tag\")); }\n\n"
                + "    public String describe() {\n"
                + "        StringBuilder text = new StringBuilder(KIND).append('[');\n"
                + "        for (int t = 0; t < tags.size(); t++) {\n"
                + "            if (t > 0) {\n"
                + "                text.append(\", \");\n"
                + "            }\n"
                + "            text.append(tags.get(t));\n"
                + "        }\n"
                + "        return text.append(']').toString();\n"
                + "    }\n\n"
                + "    public static long created() { return CREATED.get(); }\n\n"
                + "    @Override\n"
                + "    public boolean equals(Object other) {\n"
                + "        if (this == other) {\n"
                + "            return true;\n"
                + "        }\n"
                + "        if (!(other instanceof " + simple + ")) {\n"
                + "            return false;\n"
                + "        }\n"
                + "        " + simple + " that = (" + simple + ") other;\n"
                + "        return id == that.id && count == that.count && name.equals(that.name);\n"
                + "    }\n\n"
                + "    @Override\n"
                + "    public int hashCode() { return Objects.hash(id, name, count); }\n\n"
                + "    @Override\n"
                + "    public String toString() { return KIND + \"{id=\" + id + \", name=\" + name + \", count=\" + count + '}'; }\n"
                + "}\n";
    }

    static String lockedSource(String pkg, String simple, int i) {
        return "package " + pkg + ";\n\n"
                + "import dev.coordination.Synchronized;\n"
                + "import java.util.HashMap;\n"
                + "import java.util.Map;\n\n"
                + "public class " + simple + " {\n"
                + "    private final Map<String, Integer> counts = new HashMap<>();\n\n"
                + "    @Synchronized(\"startup-" + i + "-{volumeId}\")\n"
                + "    public int add(String volumeId, int by) {\n"
                + "        return counts.merge(volumeId, by, Integer::sum);\n"
                + "    }\n\n"
                + "    @Synchronized(\"startup-" + i + "-all\")\n"
                + "    public void clear() { counts.clear(); }\n\n"
                + "    public int size() { return counts.size(); }\n"
                + "}\n";
    }

    private static void compile(List<Path> files, Path classes, Path annotationsJar) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("the start-up benchmark compiles its classes with javac: run it on a JDK");
        }
        List<String> options = List.of(
                "-g", "-nowarn", "-proc:none", "-d", classes.toString(), "-classpath", annotationsJar.toString());
        StringWriter errors = new StringWriter();
        try (var fileManager = javac.getStandardFileManager(null, null, null)) {
            boolean ok = javac.getTask(
                            errors, fileManager, null, options, null, fileManager.getJavaFileObjectsFromPaths(files))
                    .call();
            if (!ok) {
                throw new IllegalStateException("javac failed on the generated classes:\n" + errors);
            }
        }
    }

    private static void writeJar(Path classes, Path jar) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream jarOut = new JarOutputStream(out)) {
            for (Path file : files) {
                jarOut.putNextEntry(
                        new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                jarOut.write(Files.readAllBytes(file));
                jarOut.closeEntry();
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
