package dev.coordination.agent.instrument;

/**
 * Whether a class file's constant pool holds one exact UTF-8 constant, found by walking the pool's
 * entries (their tags and lengths) without parsing anything else. A class file that declares an
 * annotation names its descriptor in such a constant; the walk compares only constants of that
 * length and stops at the pool's end, before fields and code, so it reads a small part of what a
 * scan of every byte reads (the start-up benchmark loads 10,000 classes that each pass through
 * here). Lives in the agent jar's loader.
 */
final class ConstantPoolScan {

    static final int ABSENT = 0;
    static final int PRESENT = 1;
    /** Not a class file this walk understands (a newer constant kind, or cut short). */
    static final int UNREADABLE = -1;

    private ConstantPoolScan() {}

    static int findUtf8(byte[] classFile, byte[] wanted) {
        if (classFile.length < 10 || u2(classFile, 0) != 0xCAFE || u2(classFile, 2) != 0xBABE) {
            return UNREADABLE;
        }
        int count = u2(classFile, 8);
        int at = 10;
        for (int index = 1; index < count; index++) {
            if (at >= classFile.length) {
                return UNREADABLE;
            }
            switch (classFile[at]) {
                case 1: // Utf8: u2 length, then the bytes
                    if (at + 3 > classFile.length) {
                        return UNREADABLE;
                    }
                    int length = u2(classFile, at + 1);
                    int start = at + 3;
                    if (start + length > classFile.length) {
                        return UNREADABLE;
                    }
                    if (length == wanted.length && equalAt(classFile, start, wanted)) {
                        return PRESENT;
                    }
                    at = start + length;
                    break;
                case 3:
                case 4:
                case 9:
                case 10:
                case 11:
                case 12:
                case 17:
                case 18:
                    at += 5;
                    break;
                case 5:
                case 6: // Long and Double take two entries
                    at += 9;
                    index++;
                    break;
                case 7:
                case 8:
                case 16:
                case 19:
                case 20:
                    at += 3;
                    break;
                case 15:
                    at += 4;
                    break;
                default:
                    return UNREADABLE;
            }
        }
        return ABSENT;
    }

    private static int u2(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) << 8 | bytes[at + 1] & 0xFF;
    }

    private static boolean equalAt(byte[] bytes, int start, byte[] wanted) {
        for (int i = 0; i < wanted.length; i++) {
            if (bytes[start + i] != wanted[i]) {
                return false;
            }
        }
        return true;
    }
}
