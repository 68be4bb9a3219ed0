package dev.coordination.agent.deadlock;

import java.util.ArrayList;
import java.util.List;

/**
 * The one text form of a {@link WaitRecord} that both backends store as a value (a Hazelcast map
 * entry, a ZooKeeper node's data), so every JVM reads every other JVM's records the same way.
 *
 * <p>Fields are separated by tabs: a version tag ({@value #VERSION}), member id, thread id, thread
 * name, method, wait id, waiting since, then each list as its length followed by its items (a held
 * entry is three fields: name, since, method). Lock names may hold any character, so every value is
 * escaped: {@code %} followed by four hex digits (a UTF-16 unit) stands for {@code %}, for every
 * control character (tab and newline among them) and for a lone surrogate, which UTF-8 could not
 * carry; everything else is kept as it is. A raw tab is therefore always a separator, and the round
 * trip is exact for any string.
 */
final class WaitRecordCodec {

    static final String VERSION = "w1";

    private static final char SEPARATOR = '\t';
    private static final char ESCAPE = '%';
    private static final String HEX = "0123456789ABCDEF";
    private static final String[] SCALARS = {
        "version", "memberId", "threadId", "threadName", "method", "waitId", "waitingSinceMillis"
    };

    private WaitRecordCodec() {}

    static String encode(WaitRecord record) {
        StringBuilder text = new StringBuilder(128).append(VERSION);
        field(text, record.memberId());
        field(text, Long.toString(record.threadId()));
        field(text, record.threadName());
        field(text, record.method());
        field(text, record.waitId());
        field(text, Long.toString(record.waitingSinceMillis()));
        field(text, Integer.toString(record.waitsFor().size()));
        for (String name : record.waitsFor()) {
            field(text, name);
        }
        field(text, Integer.toString(record.holds().size()));
        for (HeldEntry held : record.holds()) {
            field(text, held.name());
            field(text, Long.toString(held.sinceMillis()));
            field(text, held.method());
        }
        return text.toString();
    }

    /** @throws IllegalArgumentException when the text is not a record of this form, saying what is wrong */
    static WaitRecord decode(String text) {
        String[] fields = text.split(String.valueOf(SEPARATOR), -1);
        if (fields.length < SCALARS.length + 2) {
            throw malformed("too few fields (" + fields.length + "), at least " + (SCALARS.length + 2) + " expected");
        }
        if (!fields[0].equals(VERSION)) {
            throw malformed("its version is \"" + fields[0] + "\", not \"" + VERSION + "\"");
        }
        int at = SCALARS.length;
        int waitCount = count(fields, at++, "waitsFor");
        List<String> waitsFor = new ArrayList<>(waitCount);
        for (int i = 0; i < waitCount; i++) {
            waitsFor.add(unescape(fields[at++], "waitsFor[" + i + "]"));
        }
        int holdCount = count(fields, at++, "holds");
        if (fields.length - at != 3L * holdCount) {
            throw malformed("it has " + (fields.length - at) + " fields for " + holdCount + " holds, " + 3L * holdCount
                    + " expected");
        }
        List<HeldEntry> holds = new ArrayList<>(holdCount);
        for (int i = 0; i < holdCount; i++) {
            String what = "holds[" + i + "]";
            holds.add(new HeldEntry(
                    unescape(fields[at], what + ".name"),
                    number(fields[at + 1], what + ".sinceMillis"),
                    unescape(fields[at + 2], what + ".method")));
            at += 3;
        }
        return new WaitRecord(
                unescape(fields[1], SCALARS[1]),
                number(fields[2], SCALARS[2]),
                unescape(fields[3], SCALARS[3]),
                unescape(fields[4], SCALARS[4]),
                unescape(fields[5], SCALARS[5]),
                number(fields[6], SCALARS[6]),
                waitsFor,
                holds);
    }

    private static void field(StringBuilder text, String value) {
        text.append(SEPARATOR);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (needsEscape(value, i)) {
                appendEscape(text, c);
            } else {
                text.append(c);
            }
        }
    }

    private static boolean needsEscape(String value, int i) {
        char c = value.charAt(i);
        if (c == ESCAPE || Character.isISOControl(c)) {
            return true;
        }
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(value.charAt(i - 1));
        }
        return false;
    }

    private static String unescape(String field, String what) {
        StringBuilder value = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == ESCAPE) {
                if (i + 4 >= field.length()) {
                    throw malformed(what + " ends in an incomplete escape");
                }
                int unit = hex(field.substring(i + 1, i + 5), what);
                value.append((char) unit);
                i += 4;
            } else if (needsEscape(field, i)) {
                throw malformed(what + " holds the character U+"
                        + appendEscape(new StringBuilder(), c).substring(1) + " unescaped");
            } else {
                value.append(c);
            }
        }
        return value.toString();
    }

    private static StringBuilder appendEscape(StringBuilder text, char c) {
        text.append(ESCAPE);
        for (int shift = 12; shift >= 0; shift -= 4) {
            text.append(HEX.charAt((c >> shift) & 0xF));
        }
        return text;
    }

    /** Four hex digits, ASCII only (Character.digit would take full-width and other scripts' digits). */
    private static int hex(String digits, String what) {
        int unit = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = HEX.indexOf(Character.toUpperCase(digits.charAt(i)));
            if (digit < 0) {
                throw malformed(what + " holds a bad escape \"%" + digits + "\"");
            }
            unit = unit << 4 | digit;
        }
        return unit;
    }

    private static int count(String[] fields, int at, String what) {
        if (at >= fields.length) {
            throw malformed("it ends before the length of " + what);
        }
        long count = number(fields[at], what + " length");
        if (count < 0 || count > fields.length - at - 1) {
            throw malformed(
                    "the length of " + what + " is " + count + ", but " + (fields.length - at - 1) + " fields follow");
        }
        return (int) count;
    }

    private static long number(String field, String what) {
        try {
            return Long.parseLong(field);
        } catch (NumberFormatException e) {
            throw malformed(what + " is not a number: \"" + field + "\"");
        }
    }

    private static IllegalArgumentException malformed(String what) {
        return new IllegalArgumentException("malformed wait record: " + what);
    }
}
