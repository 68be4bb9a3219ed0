package dev.coordination.it;

import java.util.concurrent.TimeUnit;

/**
 * One process of a chaos topology, on one host of the lab: an application JVM ({@link #client} set,
 * steered over its control socket) or a ZooKeeper server. A process the nemesis kills is never
 * started again under the same name: its successor on the host is a new node ({@code cl4-2}), so
 * each history file belongs to one process.
 */
final class Node {

    enum State {
        RUNNING,
        PAUSED,
        DEAD
    }

    final String name;
    final String role;
    final int host;
    final Process process;
    /** The control connection of an application JVM; null for a ZooKeeper server. */
    final ScenarioClient client;

    final long startMicros;
    private volatile State state = State.RUNNING;

    Node(String name, String role, int host, Process process, ScenarioClient client, long startMicros) {
        this.name = name;
        this.role = role;
        this.host = host;
        this.process = process;
        this.client = client;
        this.startMicros = startMicros;
    }

    boolean isApp() {
        return client != null;
    }

    State state() {
        return state;
    }

    boolean running() {
        return state == State.RUNNING && process.isAlive();
    }

    /** SIGSTOP: the process and every thread in it stop where they are. */
    void pause() throws Exception {
        signal("STOP");
        state = State.PAUSED;
    }

    /** SIGCONT. */
    void resume() throws Exception {
        signal("CONT");
        state = State.RUNNING;
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() throws Exception {
        process.destroyForcibly();
        state = State.DEAD;
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " (pid " + process.pid() + ") still runs 30 s after SIGKILL");
        }
    }

    /** SIGTERM, as an operator stops a server, and waits (bounded) until it is gone; SIGKILL if it is not. */
    void terminate(long seconds) throws Exception {
        process.destroy();
        state = State.DEAD;
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private void signal(String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                .redirectErrorStream(true)
                .start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill -" + signal + " " + process.pid() + " (" + name + ") failed: "
                    + new String(kill.getInputStream().readAllBytes()));
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
