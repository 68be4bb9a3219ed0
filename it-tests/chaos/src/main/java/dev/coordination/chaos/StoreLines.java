package dev.coordination.chaos;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads {@code store.tsv}: every write the fence-checking store took, and each name's final value. */
final class StoreLines {

    private final List<StoreWrite> writes = new ArrayList<>();
    private final Map<String, Long> values = new LinkedHashMap<>();
    private final Map<String, Integer> valueLines = new LinkedHashMap<>();

    private StoreLines() {}

    static StoreLines read(Path path, List<String> notes) throws IOException {
        StoreLines lines = new StoreLines();
        TsvFile.read(path, lines::read, notes);
        return lines;
    }

    List<StoreWrite> writes() {
        return writes;
    }

    Map<String, Long> values() {
        return values;
    }

    private void read(TsvLine line) throws HistoryFormatException {
        switch (line.kind()) {
            case "WRITE" -> {
                line.expect("name", "fence", "readValue", "writer", "verdict", "atMicros");
                writes.add(new StoreWrite(
                        line.text("name"),
                        line.number("fence"),
                        line.number("readValue"),
                        line.text("writer"),
                        line.choice("verdict", StoreVerdict.values(), StoreVerdict::text),
                        line.number("atMicros")));
            }
            case "VALUE" -> {
                String name = line.expect("name", "value").text("name");
                if (values.containsKey(name)) {
                    throw line.error(
                            "a second VALUE for " + name + " (the first is at line " + valueLines.get(name) + ")");
                }
                values.put(name, line.number("value"));
                valueLines.put(name, line.number());
            }
            default ->
                throw line.error("unknown line kind '" + line.kind() + "' (store.tsv has WRITE and VALUE lines)");
        }
    }
}
