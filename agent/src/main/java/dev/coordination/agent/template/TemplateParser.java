package dev.coordination.agent.template;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses Python {@code str.format} field syntax, as Cinder's {@code @coordination.synchronized}
 * uses it, into literal segments and {@link Field}s, and checks every name against the method.
 * Everything that can be known without a call is reported here, at class-load time.
 */
final class TemplateParser {

    static final String F_NAME = "f_name";
    static final String THIS = "this";

    private final String source;
    private final MethodShape method;
    private final String where;
    private final List<String> literals = new ArrayList<>();
    private final List<Field> fields = new ArrayList<>();
    private final StringBuilder literal = new StringBuilder();
    private int pos;

    TemplateParser(String source, MethodShape method) {
        this.source = source;
        this.method = method;
        this.where = "template \"" + source + "\" on " + method.label();
    }

    String where() {
        return where;
    }

    /** The literal texts around the fields: always one more than {@link #fields()}. */
    List<String> literals() {
        return literals;
    }

    List<Field> fields() {
        return fields;
    }

    TemplateParser parse() {
        int n = source.length();
        while (pos < n) {
            char c = source.charAt(pos);
            if ((c == '{' || c == '}') && pos + 1 < n && source.charAt(pos + 1) == c) {
                literal.append(c);
                pos += 2;
            } else if (c == '{') {
                parseField();
            } else if (c == '}') {
                throw error("single '}' at position " + pos + "; write '}}' for a literal brace");
            } else {
                literal.append(c);
                pos++;
            }
        }
        literals.add(literal.toString());
        return this;
    }

    private void parseField() {
        int open = pos++;
        int nameStart = pos;
        scanName(open);
        String name = source.substring(nameStart, pos);
        if (name.isEmpty()) {
            throw error("the field at position " + open + " has no name; automatic numbering ({}) is not"
                    + " supported, name a parameter instead (known names: " + knownNames() + ")");
        }
        if (KeyStep.isDigits(name)) {
            throw error("positional field {" + name + "} at position " + open + " is not supported; name a"
                    + " parameter instead (known names: " + knownNames() + ")");
        }
        Step[] steps = parseSteps(open, name);
        if (name.equals(F_NAME)) {
            // f_name is a constant and wins over a parameter of that name, as in Cinder.
            if (steps.length == 0) {
                literal.append(method.methodName());
                return;
            }
            addField(Field.constant(name, method.methodName(), steps));
        } else if (name.equals(THIS)) {
            if (method.isStatic()) {
                throw refersTo("\"this\" at position " + open + ", but the method is static and has no"
                        + " receiver; name a parameter instead (known names: " + knownNames() + ")");
            }
            addField(Field.receiver(steps));
        } else {
            int index = method.parameterNames().indexOf(name);
            if (index < 0) {
                throw unknownName(name);
            }
            addField(Field.parameter(index, name, steps));
        }
    }

    private Step[] parseSteps(int open, String name) {
        List<Step> steps = new ArrayList<>();
        String path = name;
        while (true) {
            char c = source.charAt(pos);
            if (c == '}') {
                pos++;
                return steps.toArray(new Step[0]);
            } else if (c == '.') {
                int dot = pos++;
                int start = pos;
                scanName(open);
                String attr = source.substring(start, pos);
                checkAttribute(attr, dot);
                steps.add(new AttrStep(path, path + "." + attr, attr));
                path = path + "." + attr;
            } else if (c == '[') {
                String key = scanKey(open);
                steps.add(new KeyStep(path, path + "[" + key + "]", key));
                path = path + "[" + key + "]";
            } else if (c == '!') {
                throw error("conversion '" + rest() + "' at position " + pos + " is not supported; lock"
                        + " names render every value with String.valueOf, so remove it");
            } else if (c == ':') {
                throw error("format spec '" + rest() + "' at position " + pos + " is not supported; lock"
                        + " names render every value with String.valueOf, so remove it");
            } else {
                throw error("only '.' or '[' may follow ']' at position " + (pos - 1) + ", found '" + c + "'");
            }
        }
    }

    /** Moves {@link #pos} past a name or attribute, to the '.', '[', '!', ':' or '}' that ends it. */
    private void scanName(int open) {
        while (pos < source.length()) {
            char c = source.charAt(pos);
            if (c == '{') {
                throw nestedBrace(open);
            }
            if (c == '.' || c == '[' || c == '!' || c == ':' || c == '}') {
                return;
            }
            pos++;
        }
        throw unclosedField(open);
    }

    /** Reads {@code [key]} with {@link #pos} on '['; leaves it after ']'. */
    private String scanKey(int open) {
        int bracket = pos++;
        int start = pos;
        while (pos < source.length() && source.charAt(pos) != ']') {
            char c = source.charAt(pos);
            if (c == '{') {
                throw nestedBrace(open);
            }
            if (c == '}') {
                break;
            }
            pos++;
        }
        if (pos >= source.length() || source.charAt(pos) != ']') {
            throw error("unclosed '[' at position " + bracket + "; close the key with ']'");
        }
        String key = source.substring(start, pos++);
        if (key.isEmpty()) {
            throw error("empty key '[]' at position " + bracket + "; write an index or a map key between"
                    + " the brackets");
        }
        if (pos >= source.length()) {
            throw unclosedField(open);
        }
        return key;
    }

    private void checkAttribute(String attr, int dot) {
        if (attr.isEmpty()) {
            throw error("empty attribute name after '.' at position " + dot + "; write a property name, as in"
                    + " {vol.id}");
        }
        boolean identifier = Character.isJavaIdentifierStart(attr.charAt(0));
        for (int i = 1; identifier && i < attr.length(); i++) {
            identifier = Character.isJavaIdentifierPart(attr.charAt(i));
        }
        if (!identifier) {
            throw error("attribute \"" + attr + "\" after '.' at position " + dot + " is not a Java"
                    + " identifier; write a property name, as in {vol.id}");
        }
    }

    private void addField(Field field) {
        literals.add(literal.toString());
        literal.setLength(0);
        fields.add(field);
    }

    private TemplateCompileException unknownName(String name) {
        if (!method.parameterNamesKnown()) {
            return refersTo("\"" + name + "\", but the class was compiled without -parameters (known" + " names: "
                    + knownNames() + "); compile with -parameters (or -g)");
        }
        return refersTo("\"" + name + "\", which is not a parameter of the method (known names: " + knownNames()
                + "); use one of them");
    }

    private String knownNames() {
        StringBuilder names = new StringBuilder();
        for (String parameter : method.parameterNames()) {
            names.append(parameter).append(", ");
        }
        names.append(F_NAME);
        if (!method.isStatic()) {
            names.append(", ").append(THIS);
        }
        return names.toString();
    }

    /** The field text from {@link #pos} to its closing brace, for messages. */
    private String rest() {
        int end = source.indexOf('}', pos);
        return source.substring(pos, end < 0 ? source.length() : end);
    }

    private TemplateCompileException nestedBrace(int open) {
        return error("'{' at position " + pos + " is inside the field opened at position " + open
                + "; fields cannot nest, write '{{' for a literal brace");
    }

    private TemplateCompileException unclosedField(int open) {
        return error("unclosed '{' at position " + open + "; close the field with '}' or write '{{' for a"
                + " literal brace");
    }

    private TemplateCompileException error(String what) {
        return new TemplateCompileException(where + ": " + what);
    }

    private TemplateCompileException refersTo(String what) {
        return new TemplateCompileException(where + " refers to " + what);
    }
}
