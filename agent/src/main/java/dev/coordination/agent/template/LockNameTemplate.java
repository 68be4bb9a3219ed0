package dev.coordination.agent.template;

import java.util.List;

/**
 * One compiled lock-name template, immutable and thread-safe. {@link #compile} parses and checks it
 * once, when the method's class loads; {@link #render} runs on every call of the locked method, so
 * it only concatenates precomputed literals with field values and allocates nothing else it can
 * avoid.
 */
public final class LockNameTemplate {

    // Room for the field values on top of the literal text, so most names need no regrowth.
    private static final int FIELD_ROOM = 16;

    private final String source;
    private final String where;
    private final String constant;
    private final String[] literals;
    private final Field[] fields;
    private final int capacity;
    private final int parameterCount;
    private final int highestParameter;

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
        StringBuilder name = new StringBuilder(capacity);
        name.append(literals[0]);
        for (int i = 0; i < fields.length; i++) {
            name.append(fields[i].render(self, args, where));
            name.append(literals[i + 1]);
        }
        return name.toString();
    }

    @Override
    public String toString() {
        return where;
    }
}
