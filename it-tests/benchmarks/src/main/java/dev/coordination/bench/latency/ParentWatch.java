package dev.coordination.bench.latency;

/**
 * Extra JVMs of the benchmarks end with the JVM that started them, however that one ends (a killed
 * benchmark run must not leave members or contenders running). Test class path.
 */
final class ParentWatch {

    private ParentWatch() {}

    static void haltWhenParentDies(String who) {
        ProcessHandle.current()
                .parent()
                .ifPresent(parent -> parent.onExit().thenRun(() -> {
                    System.err.println(who + ": the JVM that started this one exited; halting");
                    Runtime.getRuntime().halt(3);
                }));
    }
}
