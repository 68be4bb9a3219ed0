package dev.coordination.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A JVM started as a user would: {@code java -javaagent:<agent jar>=<args> -cp <apps> <Main>}. Its
 * output goes to files, so a test can wait for lines and a failure can show the whole log.
 */
final class AgentJvm implements AutoCloseable {

    final Process process;
    final Path log;
    private final String name;

    private AgentJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static Path agentJar() {
        Path jar = Paths.get(System.getProperty("it.agent.jar", "../agent/target/coordination-agent.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no agent jar at " + jar.toAbsolutePath()
                    + "; run the integration tests with: mvn -B verify (it builds the jar first)");
        }
        return jar;
    }

    static String appClassPath() {
        return System.getProperty("it.apps.jar")
                + File.pathSeparator
                + System.getProperty("it.support.jar")
                + File.pathSeparator
                + System.getProperty("it.annotations.jar");
    }

    static Path workDir(String test) throws IOException {
        Path base = Paths.get(System.getProperty("it.work.dir", "target/it-work"));
        Files.createDirectories(base);
        return Files.createTempDirectory(base, test + "-");
    }

    static AgentJvm start(String name, Path dir, String agentArgs, String mainClass, String... args)
            throws IOException {
        return startWithClassPath(name, dir, agentArgs, appClassPath(), mainClass, args);
    }

    static AgentJvm startWithClassPath(
            String name, Path dir, String agentArgs, String classPath, String mainClass, String... args)
            throws IOException {
        return startWithOptions(name, dir, List.of(), agentArgs, classPath, mainClass, args);
    }

    /** As {@link #startWithClassPath}, with JVM options (such as {@code -D...}) before the agent. */
    static AgentJvm startWithOptions(
            String name,
            Path dir,
            List<String> jvmOptions,
            String agentArgs,
            String classPath,
            String mainClass,
            String... args)
            throws IOException {
        return startInside(UnaryOperator.identity(), name, dir, jvmOptions, agentArgs, classPath, mainClass, args);
    }

    /** A JVM without the agent (a test attaches it later): {@code java -cp <classPath> <Main>}. */
    static AgentJvm startWithoutAgent(String name, Path dir, String classPath, String mainClass, String... args)
            throws IOException {
        return launch(UnaryOperator.identity(), name, dir, List.of(), null, classPath, mainClass, args);
    }

    /**
     * As {@link #startWithOptions}, the command wrapped by {@code wrapper} (for example to run it in a
     * network namespace: {@code ip netns exec NS java ...}, which becomes the JVM itself).
     */
    static AgentJvm startInside(
            UnaryOperator<List<String>> wrapper,
            String name,
            Path dir,
            List<String> jvmOptions,
            String agentArgs,
            String classPath,
            String mainClass,
            String... args)
            throws IOException {
        return launch(
                wrapper,
                name,
                dir,
                jvmOptions,
                "-javaagent:" + agentJar().toAbsolutePath() + (agentArgs.isEmpty() ? "" : "=" + agentArgs),
                classPath,
                mainClass,
                args);
    }

    private static AgentJvm launch(
            UnaryOperator<List<String>> wrapper,
            String name,
            Path dir,
            List<String> jvmOptions,
            String javaagent,
            String classPath,
            String mainClass,
            String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.add("-Xshare:auto");
        command.addAll(jvmOptions);
        if (javaagent != null) {
            command.add(javaagent);
        }
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(Arrays.asList(args));
        Path log = dir.resolve(name + ".log");
        Process process = new ProcessBuilder(wrapper.apply(command))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new AgentJvm(name, process, log);
    }

    /**
     * A modular application with the agent: {@code java OPTIONS -javaagent:<agent jar>=<args> --module-path
     * MODULE_PATH -m MAIN_MODULE/MAIN_CLASS ARGS}.
     */
    static AgentJvm startModular(
            String name,
            Path dir,
            List<String> jvmOptions,
            String agentArgs,
            String modulePath,
            String mainModule,
            String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.add("-Xshare:auto");
        command.addAll(jvmOptions);
        command.add("-javaagent:" + agentJar().toAbsolutePath() + (agentArgs.isEmpty() ? "" : "=" + agentArgs));
        command.addAll(List.of("--module-path", modulePath, "-m", mainModule));
        command.addAll(Arrays.asList(args));
        Path log = dir.resolve(name + ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new AgentJvm(name, process, log);
    }

    /** A jar the build made and handed over as system property {@code property}. */
    static Path builtJar(String property) {
        String value = System.getProperty(property);
        if (value == null || !Files.isRegularFile(Paths.get(value))) {
            throw new IllegalStateException("no jar at " + property + "=" + value
                    + "; run the integration tests with: mvn -B verify (it builds the sample jars first)");
        }
        return Paths.get(value).toAbsolutePath();
    }

    /**
     * The {@code java} of {@code it.java.home} (the build runs a subset on another JDK this way), or
     * of the JDK running the tests.
     */
    static String javaBinary() {
        String home = System.getProperty("it.java.home", System.getProperty("java.home"));
        Path java = Paths.get(home, "bin", "java");
        if (!Files.isExecutable(java)) {
            throw new IllegalStateException("it.java.home=" + home + " has no executable bin/java;"
                    + " install that JDK or point it.java.home at one");
        }
        return java.toString();
    }

    /** Waits for the JVM to exit; fails with its log when it does not within the bound. */
    int awaitExit(long seconds) throws Exception {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(name + " did not exit within " + seconds + " s; its log:\n" + output());
        }
        return process.exitValue();
    }

    String output() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "(no output)";
    }

    /** The value of a {@code RESULT key=value} line, or {@code null}. */
    String result(String key) throws IOException {
        for (String line : output().split("\n")) {
            if (line.startsWith("RESULT ")) {
                for (String pair : line.substring("RESULT ".length()).split(" ")) {
                    if (pair.startsWith(key + "=")) {
                        return pair.substring(key.length() + 1);
                    }
                }
            }
        }
        return null;
    }

    /** Waits for a line of the log that contains {@code text} and returns it; fails with the log. */
    String awaitLine(String text, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            String output = output();
            for (String line : output.split("\n")) {
                if (line.contains(text)) {
                    return line;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " logged no line with \"" + text + "\" within " + seconds
                        + " s (alive: " + process.isAlive() + "); its log:\n" + output);
            }
            Thread.sleep(50);
        }
    }

    static void awaitFile(Path file, long seconds, AgentJvm... watched) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!Files.exists(file)) {
            for (AgentJvm jvm : watched) {
                if (!jvm.process.isAlive()) {
                    throw new AssertionError(jvm.name + " exited with " + jvm.process.exitValue()
                            + " while waiting for " + file.getFileName() + "; its log:\n" + jvm.output());
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + file.getFileName() + " within " + seconds + " s");
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
