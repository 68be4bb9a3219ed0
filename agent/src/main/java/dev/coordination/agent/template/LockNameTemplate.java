package dev.coordination.agent.template;

import java.util.List;

/**
 * One compiled lock-name template, immutable and thread-safe. {@link #compile} parses and checks it
 * once, when the method's class loads; {@link #render} runs on every call of the locked method, so
 * it only concatenates precomputed literals with field values. Up to {@link #CONCAT_FIELDS} fields
 * are joined by Java's own string concatenation, which sizes the result exactly and allocates
 * nothing but it; a lone field is its own name ({@code RenderBenchmark}).
 */
public final class LockNameTemplate {

    // Room for the field values on top of the literal text, so most names need no regrowth.
    private static final int FIELD_ROOM = 16;
    /** Templates with up to this many fields render without a StringBuilder. */
    static final int CONCAT_FIELDS = 5;

    private final String source;
    private final String where;
    private final String constant;
    private final String[] literals;
    private final Field[] fields;
    private final int capacity;
    private final int parameterCount;
    private final int highestParameter;
    /** A template that is one field and nothing else: the field's text is the name. */
    private final boolean loneField;

    private final String l0;
    private final String l1;
    private final String l2;
    private final String l3;
    private final String l4;
    private final String l5;

    private LockNameTemplate(String source, MethodShape method, TemplateParser parsed) {
        this.source = source;
        this.where = parsed.where();
        List<String> literalList = parsed.literals();
        this.literals = literalList.toArray(new String[0]);
        this.fields = parsed.fields().toArray(new Field[0]);
        this.constant = fields.length == 0 ? literals[0] : null;
        int literalLength = 0;
        for (String literal : literals) {
            literalLength += literal.length();
        }
        this.capacity = literalLength + FIELD_ROOM * fields.length;
        this.parameterCount = method.parameterNames().size();
        int highest = -1;
        for (Field field : fields) {
            highest = Math.max(highest, field.parameterIndex());
        }
        this.highestParameter = highest;
        this.loneField = fields.length == 1 && literals[0].isEmpty() && literals[1].isEmpty();
        this.l0 = literal(0);
        this.l1 = literal(1);
        this.l2 = literal(2);
        this.l3 = literal(3);
        this.l4 = literal(4);
        this.l5 = literal(5);
    }

    private String literal(int index) {
        return index < literals.length ? literals[index] : "";
    }

    /**
     * Compiles a template for one method, at class-load time.
     *
     * @throws TemplateCompileException for every error that can be found without a call: bad syntax,
     *     an unknown name, {@code this} in a static method, a conversion or format spec
     */
    public static LockNameTemplate compile(String template, MethodShape method) {
        if (template == null) {
            throw new NullPointerException("template cannot be null");
        }
        if (method == null) {
            throw new NullPointerException("method cannot be null");
        }
        return new LockNameTemplate(template, method, new TemplateParser(template, method).parse());
    }

    /** The template text as written in the annotation. */
    public String source() {
        return source;
    }

    /** The name every call renders when the template has no fields, else {@code null}. */
    public String constant() {
        return constant;
    }

    /**
     * Renders the lock name for one call.
     *
     * @param self the receiver, null for a static method
     * @param args the call's arguments, primitives boxed
     * @throws TemplateRenderException for everything only a call can reveal: a null on a field's
     *     path, a missing property, an index out of range, a value without a stable text, an
     *     accessor that threw (kept as the cause)
     */
    public String render(Object self, Object[] args) {
        if (constant != null) {
            return constant;
        }
        if (highestParameter >= 0 && (args == null || args.length <= highestParameter)) {
            throw new IllegalArgumentException(where + ": render needs the call's " + parameterCount
                    + " arguments, got " + (args == null ? "null" : args.length + " arguments"));
        }
        // Fields render in template order, so the first failing one is the one reported.
        switch (fields.length) {
            case 1:
                String only = fields[0].render(self, args, where);
                return loneField ? only : l0 + only + l1;
            case 2:
                String a2 = fields[0].render(self, args, where);
                String b2 = fields[1].render(self, args, where);
                return l0 + a2 + l1 + b2 + l2;
            case 3:
                String a3 = fields[0].render(self, args, where);
                String b3 = fields[1].render(self, args, where);
                String c3 = fields[2].render(self, args, where);
                return l0 + a3 + l1 + b3 + l2 + c3 + l3;
            case 4:
                String a4 = fields[0].render(self, args, where);
                String b4 = fields[1].render(self, args, where);
                String c4 = fields[2].render(self, args, where);
                String d4 = fields[3].render(self, args, where);
                return l0 + a4 + l1 + b4 + l2 + c4 + l3 + d4 + l4;
            case 5:
                String a5 = fields[0].render(self, args, where);
                String b5 = fields[1].render(self, args, where);
                String c5 = fields[2].render(self, args, where);
                String d5 = fields[3].render(self, args, where);
                String e5 = fields[4].render(self, args, where);
                return l0 + a5 + l1 + b5 + l2 + c5 + l3 + d5 + l4 + e5 + l5;
            default:
                StringBuilder name = new StringBuilder(capacity);
                name.append(literals[0]);
                for (int i = 0; i < fields.length; i++) {
                    name.append(fields[i].render(self, args, where));
                    name.append(literals[i + 1]);
                }
                return name.toString();
        }
    }

    @Override
    public String toString() {
        return where;
    }
}
