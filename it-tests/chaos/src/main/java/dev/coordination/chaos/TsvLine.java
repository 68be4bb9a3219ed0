package dev.coordination.chaos;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * One tab-separated line of a run's files, with the file and line it came from, so that every field
 * that cannot be read fails with the file, the line, the field's name and the text found.
 */
final class TsvLine {

    private final String file;
    private final int number;
    private final String text;
    private final String[] fields;
    private List<String> fieldNames = List.of();
    private int required;

    TsvLine(String file, int number, String text) {
        this.file = file;
        this.number = number;
        this.text = text;
        this.fields = text.split("\t", -1);
    }

    String kind() {
        return fields[0];
    }

    int number() {
        return number;
    }

    /** Checks the line is {@code KIND} followed by exactly these fields, and names them for errors. */
    TsvLine expect(String... names) throws HistoryFormatException {
        return expect(names.length, names);
    }

    /** As {@link #expect(String...)}, allowing the last {@code names.length - required} fields absent. */
    TsvLine expect(int required, String... names) throws HistoryFormatException {
        int found = fields.length - 1;
        if (found < required || found > names.length) {
            String expected = required == names.length ? "" + names.length : required + "-" + names.length;
            throw error(kind() + " needs " + expected + " tab-separated fields after it (" + String.join(" ", names)
                    + "), found " + found);
        }
        fieldNames = Arrays.asList(names);
        this.required = required;
        return this;
    }

    /** The field called {@code name}; "" when it is optional and absent or empty. */
    String text(String name) throws HistoryFormatException {
        int index = index(name);
        String value = index + 1 < fields.length ? fields[index + 1] : "";
        if (value.isEmpty() && index < required) {
            throw error(name + " is empty (write - for none)");
        }
        return value;
    }

    /** A number, or {@link Call#NONE} for {@code -}. */
    long numberOrNone(String name) throws HistoryFormatException {
        String value = text(name);
        return value.equals("-") ? Call.NONE : number(name, value);
    }

    /** A number that must be there. */
    long number(String name) throws HistoryFormatException {
        return number(name, text(name));
    }

    /** A comma-separated list; empty for {@code -}. */
    List<String> list(String name) throws HistoryFormatException {
        String value = text(name);
        if (value.equals("-")) {
            return List.of();
        }
        List<String> items = Arrays.asList(value.split(",", -1));
        if (items.contains("")) {
            throw error(name + " '" + value + "' has an empty item");
        }
        return items;
    }

    /** A comma-separated list of numbers; empty for {@code -}. */
    List<Long> numbers(String name) throws HistoryFormatException {
        List<Long> numbers = new ArrayList<>();
        for (String item : list(name)) {
            numbers.add(number(name, item));
        }
        return numbers;
    }

    /** One of {@code values}, by the word the files use for it. */
    <E extends Enum<E>> E choice(String name, E[] values, Function<E, String> word) throws HistoryFormatException {
        return choice(name, text(name), values, word);
    }

    <E extends Enum<E>> E choice(String name, String value, E[] values, Function<E, String> word)
            throws HistoryFormatException {
        for (E candidate : values) {
            if (word.apply(candidate).equals(value)) {
                return candidate;
            }
        }
        throw error(name + " '" + value + "' is none of "
                + String.join(", ", Arrays.stream(values).map(word).toList()));
    }

    HistoryFormatException error(String problem) {
        String shown = text.length() > 200 ? text.substring(0, 200) + "..." : text;
        return new HistoryFormatException(file, number, problem + ": " + shown.replace('\t', ' '));
    }

    private long number(String name, String value) throws HistoryFormatException {
        try {
            long number = Long.parseLong(value);
            if (number < 0) {
                throw error(name + " '" + value + "' is negative");
            }
            return number;
        } catch (NumberFormatException e) {
            throw error(name + " '" + value + "' is not a whole number");
        }
    }

    private int index(String name) {
        int index = fieldNames.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException(name + " is not a field of " + kind() + " " + fieldNames);
        }
        return index;
    }
}
