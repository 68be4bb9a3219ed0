package dev.coordination.bench.render;

import dev.coordination.agent.template.LockNameTemplate;
import dev.coordination.agent.template.MethodShape;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Rendering one lock name with the agent's template compiler alone, as a locked call does (the
 * arguments array is the call's, made by the advice, so it is built once here). The agent's own
 * {@code dev.coordination.agent.template} classes, which its jar does not relocate, are called
 * directly; no agent runs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
public class RenderBenchmark {

    public record Host(String name) {}

    public record Attachment(String instance) {}

    public record Volume(String id, Host host, List<Attachment> attachments) {}

    public record Snapshot(String id) {}

    public record Request(Volume volume, Snapshot snapshot, Map<String, String> options) {}

    public static final String ONE_FIELD = "{vol.id}";
    public static final String THREE_PARTS = "{f_name}-{vol.id}-{snap[name]}";
    public static final String FIVE_FIELDS = "{req.volume.id}-{req.volume.host.name}-{req.snapshot.id}"
            + "-{req.options[zone]}-{req.volume.attachments[0].instance}";

    private static final Volume VOLUME = new Volume(
            "0f6b1d4c-7a52-4d3e-9a0b-3c8e2f1d5a67", new Host("host-17"), List.of(new Attachment("instance-5a")));
    private static final Map<String, String> SNAP = Map.of("name", "nightly-2024-06-01");
    private static final Request REQUEST = new Request(VOLUME, new Snapshot("snap-8842"), Map.of("zone", "zone-b"));

    private final LockNameTemplate oneField =
            LockNameTemplate.compile(ONE_FIELD, shape("attach", List.of("vol"), List.of(Volume.class.getName())));
    private final Object[] oneFieldArgs = {VOLUME};
    private final LockNameTemplate threeParts = LockNameTemplate.compile(
            THREE_PARTS,
            shape("create_snapshot", List.of("vol", "snap"), List.of(Volume.class.getName(), Map.class.getName())));
    private final Object[] threePartsArgs = {VOLUME, SNAP};
    private final LockNameTemplate fiveFields =
            LockNameTemplate.compile(FIVE_FIELDS, shape("handle", List.of("req"), List.of(Request.class.getName())));
    private final Object[] fiveFieldsArgs = {REQUEST};

    private static MethodShape shape(String method, List<String> names, List<String> types) {
        return new MethodShape(RenderBenchmark.class.getName(), method, names, true, types, false);
    }

    /** What each benchmark renders, for the table's string-size column. */
    public static String rendered(String template) {
        RenderBenchmark benchmark = new RenderBenchmark();
        switch (template) {
            case ONE_FIELD:
                return benchmark.oneField();
            case THREE_PARTS:
                return benchmark.threeParts();
            case FIVE_FIELDS:
                return benchmark.fiveFields();
            default:
                throw new IllegalArgumentException(template);
        }
    }

    @Benchmark
    public String oneField() {
        return oneField.render(this, oneFieldArgs);
    }

    @Benchmark
    public String threeParts() {
        return threeParts.render(this, threePartsArgs);
    }

    @Benchmark
    public String fiveFields() {
        return fiveFields.render(this, fiveFieldsArgs);
    }
}
