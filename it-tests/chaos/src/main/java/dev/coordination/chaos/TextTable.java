package dev.coordination.chaos;

import java.util.ArrayList;
import java.util.List;

/** Columns lined up for a plain-text report: the first left-aligned, the others right-aligned. */
final class TextTable {

    private final List<String[]> rows = new ArrayList<>();

    TextTable row(Object... cells) {
        String[] row = new String[cells.length];
        for (int index = 0; index < cells.length; index++) {
            row[index] = String.valueOf(cells[index]);
        }
        rows.add(row);
        return this;
    }

    /** The rows, each line starting with {@code indent}. */
    String render(String indent) {
        int columns = rows.stream().mapToInt(row -> row.length).max().orElse(0);
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int index = 0; index < row.length; index++) {
                widths[index] = Math.max(widths[index], row[index].length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder(indent);
            for (int index = 0; index < row.length; index++) {
                String cell = row[index];
                String pad = " ".repeat(widths[index] - cell.length());
                line.append(index == 0 ? cell + pad : "  " + pad + cell);
            }
            text.append(line.toString().stripTrailing()).append('\n');
        }
        return text.toString();
    }
}
