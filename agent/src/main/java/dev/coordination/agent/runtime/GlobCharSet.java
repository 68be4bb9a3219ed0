package dev.coordination.agent.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The characters one position of a {@link Glob} accepts. {@link #parse} follows Python 3's
 * {@code fnmatch.translate} step by step (hyphen chunks, dropped reversed ranges, '!' negation),
 * then reads the result the way Python's regex engine reads the character class it would build.
 */
final class GlobCharSet {

    static final GlobCharSet ANY = new GlobCharSet(new int[0], true);
    private static final GlobCharSet NONE = new GlobCharSet(new int[0], false);

    /** Marks a range hyphen between chunks; code points are never negative. */
    private static final int RANGE = -1;

    /** Inclusive ranges as pairs: lo0, hi0, lo1, hi1... */
    private final int[] ranges;

    private final boolean negated;

    private GlobCharSet(int[] ranges, boolean negated) {
        this.ranges = ranges;
        this.negated = negated;
    }

    static GlobCharSet literal(int c) {
        return new GlobCharSet(new int[] {c, c}, false);
    }

    boolean contains(int c) {
        for (int i = 0; i < ranges.length; i += 2) {
            if (c >= ranges[i] && c <= ranges[i + 1]) {
                return !negated;
            }
        }
        return negated;
    }

    /** The set between '[' at {@code i - 1} and ']' at {@code j}. */
    static GlobCharSet parse(int[] pat, int i, int j) {
        List<int[]> chunks = chunks(pat, i, j);
        // Python drops a reversed range such as z-a together with its ends (re rejects it).
        for (int k = chunks.size() - 1; k > 0; k--) {
            int[] before = chunks.get(k - 1);
            int[] after = chunks.get(k);
            if (before.length > 0 && after.length > 0 && before[before.length - 1] > after[0]) {
                int[] merged = new int[before.length + after.length - 2];
                System.arraycopy(before, 0, merged, 0, before.length - 1);
                System.arraycopy(after, 1, merged, before.length - 1, after.length - 1);
                chunks.set(k - 1, merged);
                chunks.remove(k);
            }
        }
        int[] first = chunks.get(0);
        if (chunks.size() == 1 && first.length == 0) {
            return NONE;
        }
        boolean negated = first.length > 0 && first[0] == '!';
        if (negated && chunks.size() == 1 && first.length == 1) {
            return ANY;
        }
        if (negated) {
            chunks.set(0, Arrays.copyOfRange(first, 1, first.length));
        }
        return new GlobCharSet(ranges(tokens(chunks)), negated);
    }

    /** Python splits the set at the hyphens that make ranges; other hyphens stay literal. */
    private static List<int[]> chunks(int[] pat, int i, int j) {
        List<int[]> chunks = new ArrayList<>();
        if (indexOf(pat, '-', i, j) < 0) {
            chunks.add(Arrays.copyOfRange(pat, i, j));
            return chunks;
        }
        int k = pat[i] == '!' ? i + 2 : i + 1;
        while (true) {
            k = indexOf(pat, '-', k, j);
            if (k < 0) {
                break;
            }
            chunks.add(Arrays.copyOfRange(pat, i, k));
            i = k + 1;
            k = k + 3;
        }
        if (i < j) {
            chunks.add(Arrays.copyOfRange(pat, i, j));
        } else {
            int[] last = chunks.get(chunks.size() - 1);
            int[] withHyphen = Arrays.copyOf(last, last.length + 1);
            withHyphen[last.length] = '-';
            chunks.set(chunks.size() - 1, withHyphen);
        }
        return chunks;
    }

    private static int[] tokens(List<int[]> chunks) {
        int length = chunks.size() - 1;
        for (int[] chunk : chunks) {
            length += chunk.length;
        }
        int[] tokens = new int[length];
        int t = 0;
        for (int k = 0; k < chunks.size(); k++) {
            if (k > 0) {
                tokens[t++] = RANGE;
            }
            int[] chunk = chunks.get(k);
            System.arraycopy(chunk, 0, tokens, t, chunk.length);
            t += chunk.length;
        }
        return tokens;
    }

    /** Reads tokens as a regex class does: a character, and if a range hyphen follows, its end. */
    private static int[] ranges(int[] tokens) {
        int[] ranges = new int[tokens.length * 2 + 2];
        int r = 0;
        int t = 0;
        while (t < tokens.length) {
            int lo = tokens[t] == RANGE ? '-' : tokens[t];
            t++;
            int hi = lo;
            if (t + 1 < tokens.length && tokens[t] == RANGE) {
                hi = tokens[t + 1] == RANGE ? '-' : tokens[t + 1];
                t += 2;
            }
            ranges[r++] = lo;
            ranges[r++] = hi;
        }
        return Arrays.copyOf(ranges, r);
    }

    private static int indexOf(int[] pat, int c, int from, int to) {
        for (int k = from; k < to; k++) {
            if (pat[k] == c) {
                return k;
            }
        }
        return -1;
    }
}
