package dev.coordination.agent.zookeeper;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a lock name lives in ZooKeeper: {@code /locks/<name>} under the namespace, one container
 * node per name holding one ephemeral sequential node per waiting or holding thread. Names are
 * escaped so that any lock name is one path element ({@code /}, {@code %}, control and private-use
 * characters, {@code .} and {@code ..} become {@code %XXXX}), and the escaping reverses exactly.
 * Agent jar, system class loader.
 */
final class LockNodes {

    static final String ROOT = "/locks";
    /** The prefix of every holder's node; Curator's protection puts its id before it. */
    static final String NODE_PREFIX = "n-";

    private LockNodes() {}

    static String parentOf(String fullName) {
        return ROOT + "/" + escape(fullName);
    }

    static String escape(String name) {
        if (name.equals(".") || name.equals("..")) {
            StringBuilder dots = new StringBuilder();
            for (int i = 0; i < name.length(); i++) {
                appendEscaped(dots, '.');
            }
            return dots.toString();
        }
        StringBuilder text = null;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (needsEscape(c)) {
                if (text == null) {
                    text = new StringBuilder(name.length() + 16).append(name, 0, i);
                }
                appendEscaped(text, c);
            } else if (text != null) {
                text.append(c);
            }
        }
        return text == null ? name : text.toString();
    }

    static String unescape(String element) {
        if (element.indexOf('%') < 0) {
            return element;
        }
        StringBuilder text = new StringBuilder(element.length());
        for (int i = 0; i < element.length(); i++) {
            char c = element.charAt(i);
            if (c == '%' && i + 5 <= element.length()) {
                text.append((char) Integer.parseInt(element.substring(i + 1, i + 5), 16));
                i += 4;
            } else {
                text.append(c);
            }
        }
        return text.toString();
    }

    /** ZooKeeper refuses these in a path element (PathUtils), and '/' and '%' have meanings here. */
    private static boolean needsEscape(char c) {
        return c == '/'
                || c == '%'
                || c <= '\u001f'
                || (c >= '\u007f' && c <= '\u009f')
                || (c >= '\ud800' && c <= '\uf8ff')
                || c >= '\ufff0';
    }

    private static void appendEscaped(StringBuilder text, char c) {
        String hex = Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT);
        text.append('%');
        for (int i = hex.length(); i < 4; i++) {
            text.append('0');
        }
        text.append(hex);
    }

    /** The sequence number ZooKeeper appended to a node's name: its last 10 digits. */
    static long sequence(String node) {
        int slash = node.lastIndexOf('/');
        String name = node.substring(slash + 1);
        if (name.length() < 10) {
            return Long.MAX_VALUE;
        }
        try {
            return Long.parseLong(name.substring(name.length() - 10));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE; // not a holder's node: sorts last, never blocks anyone
        }
    }

    /** The children in grant order (by sequence number). */
    static List<String> inOrder(List<String> children) {
        List<String> sorted = new ArrayList<>(children);
        sorted.sort((a, b) -> Long.compare(sequence(a), sequence(b)));
        return sorted;
    }
}
