package dev.coordination.agent.runtime;

/**
 * A shell-style pattern over lock names, for {@code synchronizedRemove(glob)}: Python's
 * {@code fnmatch.fnmatchcase} (case-sensitive), so a glob written for Cinder selects the same
 * names here. {@code *} is any run of characters, {@code ?} any one character, {@code [seq]} and
 * {@code [!seq]} a set; a '[' without its ']' is a literal '[', as in Python. Works on code points.
 */
public final class Glob {

    private final String pattern;

    /** One matcher per pattern position; {@code null} stands for '*'. */
    private final GlobCharSet[] elements;

    private Glob(String pattern, GlobCharSet[] elements) {
        this.pattern = pattern;
        this.elements = elements;
    }

    /** Never fails: like Python's {@code fnmatch}, a malformed set is read as literal text. */
    public static Glob compile(String pattern) {
        if (pattern == null) {
            throw new NullPointerException("pattern cannot be null");
        }
        int[] pat = pattern.codePoints().toArray();
        GlobCharSet[] elements = new GlobCharSet[pat.length];
        int count = 0;
        int i = 0;
        while (i < pat.length) {
            int c = pat[i++];
            if (c == '*') {
                // Runs of '*' mean the same as one, and one keeps matching linear.
                if (count == 0 || elements[count - 1] != null) {
                    elements[count++] = null;
                }
            } else if (c == '?') {
                elements[count++] = GlobCharSet.ANY;
            } else if (c == '[') {
                int j = closingBracket(pat, i);
                if (j < 0) {
                    elements[count++] = GlobCharSet.literal('[');
                } else {
                    elements[count++] = GlobCharSet.parse(pat, i, j);
                    i = j + 1;
                }
            } else {
                elements[count++] = GlobCharSet.literal(c);
            }
        }
        GlobCharSet[] compact = new GlobCharSet[count];
        System.arraycopy(elements, 0, compact, 0, count);
        return new Glob(pattern, compact);
    }

    public String pattern() {
        return pattern;
    }

    /** Whether the whole name matches the pattern. */
    public boolean matches(String name) {
        int[] text = name.codePoints().toArray();
        int t = 0;
        int e = 0;
        int starElement = -1;
        int starText = 0;
        // Every element but '*' takes exactly one character, so backtracking to the last '*' is
        // enough (the classic two-pointer wildcard match).
        while (t < text.length) {
            if (e < elements.length && elements[e] == null) {
                starElement = e++;
                starText = t;
            } else if (e < elements.length && elements[e].contains(text[t])) {
                e++;
                t++;
            } else if (starElement >= 0) {
                e = starElement + 1;
                t = ++starText;
            } else {
                return false;
            }
        }
        while (e < elements.length && elements[e] == null) {
            e++;
        }
        return e == elements.length;
    }

    @Override
    public String toString() {
        return pattern;
    }

    /**
     * Python's rule: after '[', a leading '!' and then a leading ']' belong to the set; the set
     * ends at the next ']'. Returns its index, or -1 when there is none.
     */
    private static int closingBracket(int[] pat, int i) {
        int j = i;
        if (j < pat.length && pat[j] == '!') {
            j++;
        }
        if (j < pat.length && pat[j] == ']') {
            j++;
        }
        while (j < pat.length && pat[j] != ']') {
            j++;
        }
        return j < pat.length ? j : -1;
    }
}
