package dev.coordination.agent.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.shaded.org.snakeyaml.engine.v2.api.Load;
import com.hazelcast.shaded.org.snakeyaml.engine.v2.api.LoadSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Kubernetes manifests of docs/kubernetes, read as YAML (multi-document) with the snakeyaml
 * that Hazelcast ships, and small accessors into them. Tests run with the agent module as working
 * directory.
 */
final class KubernetesDocs {

    static final Path DIRECTORY = Paths.get("..", "docs", "kubernetes");

    private KubernetesDocs() {}

    /** Every document of every {@code *.yaml} file of the directory. */
    static List<Map<String, Object>> manifests() {
        assertThat(DIRECTORY).as("docs/kubernetes from the agent module").isDirectory();
        List<Map<String, Object>> documents = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                Load load = new Load(
                        LoadSettings.builder().setLabel(file.toString()).build());
                for (Object document : load.loadAllFromString(Files.readString(file))) {
                    if (document != null) {
                        documents.add(map(document));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    /** The one manifest of that kind and name. */
    static Map<String, Object> manifest(String kind, String name) {
        List<Map<String, Object>> found = manifests().stream()
                .filter(m -> kind.equals(m.get("kind")) && name.equals(at(m, "metadata", "name")))
                .toList();
        assertThat(found).as(kind + " " + name).hasSize(1);
        return found.get(0);
    }

    /** The value at a path of map keys and list indexes ({@code "containers", 0, "env"}). */
    static Object at(Object node, Object... path) {
        Object current = node;
        for (Object step : path) {
            assertThat(current).as("parent of " + step).isNotNull();
            current = step instanceof Integer index
                    ? list(current).get(index)
                    : map(current).get(step);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node) {
        assertThat(node).isInstanceOf(Map.class);
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object node) {
        assertThat(node).isInstanceOf(List.class);
        return (List<Object>) node;
    }

    /** The first element of a list of maps whose {@code name} is {@code name}. */
    static Map<String, Object> named(Object list, String name) {
        return list(list).stream()
                .map(KubernetesDocs::map)
                .filter(m -> name.equals(m.get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no element named " + name + " in " + list));
    }
}
