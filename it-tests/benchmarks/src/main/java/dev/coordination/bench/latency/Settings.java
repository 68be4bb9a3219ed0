package dev.coordination.bench.latency;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Settings in the agent's argument syntax ({@code cluster-name=x,port=5701,members=a:1,b:2}: a
 * piece without {@code =} continues the list before it), so the hand-written baselines read the
 * very string the agent's JVMs get. Test class path, no agent.
 */
public final class Settings {

    private final Map<String, String> values = new LinkedHashMap<>();

    private Settings() {}

    public static Settings parse(String text) {
        Settings settings = new Settings();
        String last = null;
        for (String piece : text.split(",")) {
            int equals = piece.indexOf('=');
            if (equals < 0 && last != null) {
                settings.values.put(last, settings.values.get(last) + "," + piece);
            } else if (equals > 0) {
                last = piece.substring(0, equals);
                settings.values.put(last, piece.substring(equals + 1));
            }
        }
        return settings;
    }

    public String get(String key, String otherwise) {
        return values.getOrDefault(key, otherwise);
    }

    public int number(String key, int otherwise) {
        return Integer.parseInt(get(key, Integer.toString(otherwise)));
    }

    public List<String> list(String key) {
        List<String> items = new ArrayList<>();
        for (String item : get(key, "").split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return items;
    }
}
