package dev.coordination.it;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The TCP sockets a process has open, read from Linux's {@code /proc}, as {@code ss -tanp} would
 * show them: the socket inodes among its file descriptors ({@code /proc/PID/fd/N ->
 * socket:[INODE]}), matched against the rows of {@code /proc/PID/net/tcp} and {@code tcp6}.
 */
final class ProcSockets {

    /** The kernel's TCP states ({@code include/net/tcp_states.h}). */
    static final int ESTABLISHED = 0x01;

    static final int LISTEN = 0x0A;

    private ProcSockets() {}

    /** One row of {@code /proc/net/tcp[6]}; IPv4-mapped IPv6 addresses read as IPv4. */
    record TcpSocket(InetAddress local, int localPort, InetAddress remote, int remotePort, int state) {
        @Override
        public String toString() {
            if (state == LISTEN) {
                return "LISTEN " + text(local, localPort);
            }
            return (state == ESTABLISHED ? "ESTABLISHED " : "state " + Integer.toHexString(state) + " ")
                    + text(local, localPort) + " -> " + text(remote, remotePort);
        }

        private static String text(InetAddress address, int port) {
            String host = address.getHostAddress();
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /** Every TCP socket of process {@code pid}. */
    static List<TcpSocket> of(long pid) throws IOException {
        Set<String> inodes = socketInodes(pid);
        List<TcpSocket> sockets = new ArrayList<>();
        for (String table : new String[] {"tcp", "tcp6"}) {
            Path file = Paths.get("/proc", Long.toString(pid), "net", table);
            if (!Files.exists(file)) {
                continue; // a kernel without IPv6
            }
            List<String> rows = Files.readAllLines(file);
            for (String row : rows.subList(1, rows.size())) {
                // sl local rem st tx:rx tr:when retrnsmt uid timeout inode ...
                String[] fields = row.trim().split("\\s+");
                if (inodes.contains(fields[9])) {
                    String[] local = fields[1].split(":");
                    String[] remote = fields[2].split(":");
                    sockets.add(new TcpSocket(
                            address(local[0]),
                            Integer.parseInt(local[1], 16),
                            address(remote[0]),
                            Integer.parseInt(remote[1], 16),
                            Integer.parseInt(fields[3], 16)));
                }
            }
        }
        return sockets;
    }

    static List<TcpSocket> listening(long pid) throws IOException {
        return of(pid).stream().filter(socket -> socket.state() == LISTEN).collect(Collectors.toList());
    }

    private static Set<String> socketInodes(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Paths.get("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (NoSuchFileException e) {
                    continue; // closed meanwhile
                }
                if (target.startsWith("socket:[")) {
                    inodes.add(target.substring("socket:[".length(), target.length() - 1));
                }
            }
        }
        return inodes;
    }

    /**
     * The kernel prints an address as 32-bit words in hex, each in the host's byte order: {@code
     * 0100007F} is 127.0.0.1 on a little-endian host.
     */
    static InetAddress address(String hex) throws IOException {
        byte[] bytes = new byte[hex.length() / 2];
        boolean reverse = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
        for (int word = 0; word < bytes.length; word += 4) {
            for (int i = 0; i < 4; i++) {
                int from = word + (reverse ? 3 - i : i);
                bytes[word + i] = (byte) Integer.parseInt(hex.substring(2 * from, 2 * from + 2), 16);
            }
        }
        // getByAddress turns an IPv4-mapped address (::ffff:127.0.0.1) into an Inet4Address.
        return InetAddress.getByAddress(bytes);
    }
}
