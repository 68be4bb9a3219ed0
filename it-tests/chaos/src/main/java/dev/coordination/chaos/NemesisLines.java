package dev.coordination.chaos;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code nemesis.tsv}: the JVMs and their lives, the faults, the heal and the end. Every JVM a
 * line refers to must have its {@code JVM} line, so a misspelt name fails here, not as a silent
 * hole in a check.
 */
final class NemesisLines {

    private final Map<String, Jvm> jvms = new LinkedHashMap<>();
    private final Map<String, Integer> jvmLines = new LinkedHashMap<>();
    private final List<TsvLine> goneLines = new ArrayList<>();
    private final List<TsvLine> faultLines = new ArrayList<>();
    private final List<Fault> faults = new ArrayList<>();
    private final List<Long> heals = new ArrayList<>();
    private long end = Call.NONE;
    private int endLine;

    private NemesisLines() {}

    static NemesisLines read(Path path, List<String> notes) throws IOException {
        NemesisLines lines = new NemesisLines();
        TsvFile.read(path, lines::read, notes);
        for (TsvLine gone : lines.goneLines) {
            lines.gone(gone);
        }
        for (TsvLine fault : lines.faultLines) {
            lines.fault(fault);
        }
        return lines;
    }

    List<Jvm> jvms() {
        return new ArrayList<>(jvms.values());
    }

    List<Fault> faults() {
        return faults;
    }

    List<Long> heals() {
        return heals;
    }

    long end() {
        return end;
    }

    private void read(TsvLine line) throws HistoryFormatException {
        switch (line.kind()) {
            case "JVM" -> jvm(line.expect("jvm", "role", "host", "startMicros", "readyMicros"));
            case "GONE" -> goneLines.add(line.expect("jvm", "micros"));
            case "FAULT" ->
                faultLines.add(
                        line.expect(6, "id", "kind", "targets", "startMicros", "endMicros", "majority", "detail"));
            case "HEAL" -> heals.add(line.expect("micros").number("micros"));
            case "END" -> {
                if (end != Call.NONE) {
                    throw line.error("a second END (the first is at line " + endLine + ")");
                }
                end = line.expect("micros").number("micros");
                endLine = line.number();
            }
            default ->
                throw line.error("unknown line kind '" + line.kind()
                        + "' (nemesis.tsv has JVM, GONE, FAULT, HEAL and END lines)");
        }
    }

    private void jvm(TsvLine line) throws HistoryFormatException {
        String name = line.text("jvm");
        if (jvms.containsKey(name)) {
            throw line.error("JVM " + name + " is already listed at line " + jvmLines.get(name)
                    + " (a JVM started again takes a new name)");
        }
        jvms.put(
                name,
                new Jvm(
                        name,
                        line.choice("role", JvmRole.values(), JvmRole::text),
                        line.text("host"),
                        line.number("startMicros"),
                        line.numberOrNone("readyMicros"),
                        Call.NONE));
        jvmLines.put(name, line.number());
    }

    private void gone(TsvLine line) throws HistoryFormatException {
        Jvm jvm = known(line, line.text("jvm"));
        if (jvm.goneMicros() != Call.NONE) {
            throw line.error("JVM " + jvm.name() + " is gone twice (a JVM started again takes a new name)");
        }
        jvms.put(jvm.name(), jvm.goneAt(line.number("micros")));
    }

    private void fault(TsvLine line) throws HistoryFormatException {
        String id = line.text("id");
        if (faults.stream().anyMatch(fault -> fault.id().equals(id))) {
            throw line.error("fault id " + id + " is used twice");
        }
        List<String> targets = line.list("targets");
        List<String> majority = line.list("majority");
        for (String jvm : targets) {
            known(line, jvm);
        }
        for (String jvm : majority) {
            known(line, jvm);
        }
        faults.add(new Fault(
                id,
                line.choice("kind", FaultKind.values(), FaultKind::text),
                targets,
                line.number("startMicros"),
                line.numberOrNone("endMicros"),
                majority,
                line.text("detail")));
    }

    private Jvm known(TsvLine line, String name) throws HistoryFormatException {
        Jvm jvm = jvms.get(name);
        if (jvm == null) {
            throw line.error("JVM " + name + " has no JVM line");
        }
        return jvm;
    }
}
