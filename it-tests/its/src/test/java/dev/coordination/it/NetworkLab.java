package dev.coordination.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hosts on a network of their own, for partition tests: each host is a Linux network namespace
 * whose one interface ({@code eth0}, {@code 10.213.H.2/24}) is a veth pair to a router namespace,
 * which forwards between them. A cut is an {@code ip rule ... blackhole} in the router, so packets
 * are lost silently, one way or both, as in a real partition (a link taken down would refuse them
 * at once). Nothing here touches the host's own interfaces or addresses: every address lives
 * inside namespaces this lab creates, and {@link #close} removes them, killing the processes
 * started in them first. Needs root and iproute2 ({@link #unavailable}).
 */
final class NetworkLab implements AutoCloseable {

    /** Namespace names start with this, then the creating JVM's pid, so a later run can clean up. */
    private static final String PREFIX = "cit";

    private static final AtomicInteger LABS = new AtomicInteger();
    private static final long COMMAND_SECONDS = 20;

    private final String name;
    private final int hosts;
    private final List<Process> started = new ArrayList<>();
    private final Set<String> rules = new LinkedHashSet<>();

    private NetworkLab(String name, int hosts) {
        this.name = name;
        this.hosts = hosts;
    }

    /** Why partition tests cannot run here, or {@code null} when they can. */
    static String unavailable() {
        if (!System.getProperty("os.name", "")
                .toLowerCase(java.util.Locale.ROOT)
                .contains("linux")) {
            return "network namespaces need Linux (this is " + System.getProperty("os.name") + ")";
        }
        if (!Files.isExecutable(Paths.get("/usr/sbin/ip"))
                && !Files.isExecutable(Paths.get("/sbin/ip"))
                && !Files.isExecutable(Paths.get("/usr/bin/ip"))) {
            return "iproute2's ip command is not installed";
        }
        String probe = PREFIX + ProcessHandle.current().pid() + "probe";
        try {
            run("ip", "netns", "add", probe);
            run("ip", "netns", "del", probe);
            return null;
        } catch (IOException e) {
            return "cannot create a network namespace (tests must run as root with iproute2): "
                    + e.getMessage().lines().findFirst().orElse("");
        }
    }

    /** Creates {@code hosts} hosts, numbered from 1, all reaching each other through the router. */
    static NetworkLab create(int hosts) throws IOException {
        removeLeftovers();
        String name = PREFIX + ProcessHandle.current().pid() + "x" + LABS.incrementAndGet();
        NetworkLab lab = new NetworkLab(name, hosts);
        try {
            String router = lab.router();
            run("ip", "netns", "add", router);
            run("ip", "netns", "exec", router, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
            run("ip", "-n", router, "link", "set", "lo", "up");
            for (int host = 1; host <= hosts; host++) {
                String ns = lab.namespace(host);
                run("ip", "netns", "add", ns);
                run(
                        "ip",
                        "link",
                        "add",
                        "eth0",
                        "netns",
                        ns,
                        "type",
                        "veth",
                        "peer",
                        "name",
                        "h" + host,
                        "netns",
                        router);
                run("ip", "-n", router, "addr", "add", "10.213." + host + ".1/24", "dev", "h" + host);
                run("ip", "-n", router, "link", "set", "h" + host, "up");
                run("ip", "-n", ns, "addr", "add", lab.address(host) + "/24", "dev", "eth0");
                run("ip", "-n", ns, "link", "set", "eth0", "up");
                run("ip", "-n", ns, "link", "set", "lo", "up");
                run("ip", "-n", ns, "route", "add", "default", "via", "10.213." + host + ".1");
            }
        } catch (IOException | RuntimeException e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    /** The address of host {@code host} (from 1). */
    String address(int host) {
        return "10.213." + host + ".2";
    }

    /** {@code command} run inside host {@code host}'s namespace: {@code ip netns exec} replaces itself with it. */
    List<String> inside(int host, List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("ip", "netns", "exec", namespace(host)));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Kills this process (and its descendants) when the lab closes, before the namespaces go. */
    void owns(Process process) {
        synchronized (started) {
            started.add(process);
        }
    }

    /** Packets from host {@code from} to host {@code to} are dropped from now on (one way). */
    void cut(int from, int to) throws IOException {
        String rule = "from 10.213." + from + ".0/24 to 10.213." + to + ".0/24";
        synchronized (rules) {
            if (rules.add(rule)) {
                ip("rule add " + rule + " blackhole priority " + (100 + rules.size()));
            }
        }
    }

    /** Packets from host {@code from} to host {@code to} flow again: undoes one {@link #cut}, leaving the others. */
    void mend(int from, int to) throws IOException {
        String rule = "from 10.213." + from + ".0/24 to 10.213." + to + ".0/24";
        synchronized (rules) {
            if (rules.remove(rule)) {
                ip("rule del " + rule + " blackhole");
            }
        }
    }

    /** Host {@code host} can neither send to nor receive from any other host. */
    void isolate(int host) throws IOException {
        for (int other = 1; other <= hosts; other++) {
            if (other != host) {
                cut(host, other);
                cut(other, host);
            }
        }
    }

    /** Every cut is mended. */
    void heal() throws IOException {
        synchronized (rules) {
            for (String rule : rules) {
                ip("rule del " + rule + " blackhole");
            }
            rules.clear();
        }
    }

    /** {@code ip -n ROUTER} with {@code args} (separated by single spaces). */
    private void ip(String args) throws IOException {
        List<String> command = new ArrayList<>(List.of("ip", "-n", router()));
        command.addAll(List.of(args.split(" ")));
        run(command.toArray(new String[0]));
    }

    private String router() {
        return name + "r";
    }

    private String namespace(int host) {
        return name + "h" + host;
    }

    /** Kills every process started in the lab, then removes its namespaces (and with them the veths). */
    @Override
    public void close() {
        List<Process> processes;
        synchronized (started) {
            processes = new ArrayList<>(started);
        }
        for (Process process : processes) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        for (Process process : processes) {
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (int host = 1; host <= hosts; host++) {
            quietly("ip", "netns", "del", namespace(host));
        }
        quietly("ip", "netns", "del", router());
    }

    /** Namespaces of labs whose JVM died before closing them (killed build): removed with their processes. */
    private static void removeLeftovers() throws IOException {
        for (String line : run("ip", "netns", "list").split("\n")) {
            String ns = line.trim().split(" ")[0];
            if (!ns.startsWith(PREFIX) || ns.length() <= PREFIX.length()) {
                continue;
            }
            String digits = ns.substring(PREFIX.length()).replaceAll("^(\\d+).*", "$1");
            if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) {
                continue;
            }
            long pid = Long.parseLong(digits);
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                continue;
            }
            String pids = quietly("ip", "netns", "pids", ns);
            for (String p : pids.split("\\s+")) {
                if (!p.isEmpty()) {
                    ProcessHandle.of(Long.parseLong(p)).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
            quietly("ip", "netns", "del", ns);
        }
    }

    private static String quietly(String... command) {
        try {
            return run(command);
        } catch (IOException e) {
            return "";
        }
    }

    /** Runs a command to its end (bounded) and returns its output; fails with the output otherwise. */
    private static String run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not end within " + COMMAND_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(String.join(" ", command) + " was interrupted", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException(
                    String.join(" ", command) + " failed (exit " + process.exitValue() + "): " + output.trim());
        }
        return output;
    }
}
