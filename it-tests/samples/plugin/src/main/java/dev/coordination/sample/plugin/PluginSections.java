package dev.coordination.sample.plugin;

import dev.coordination.Coordination;
import dev.coordination.Synchronized;
import dev.coordination.support.SharedCounters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/** The plugin's annotated methods, loaded (and woven) in the plugin's own class loader. */
final class PluginSections {

    private final SharedCounters counter;
    final AtomicBoolean bodyRan = new AtomicBoolean();

    PluginSections(SharedCounters counter) {
        this.counter = counter;
    }

    @Synchronized("item-{item}")
    void increment(String item) {
        bodyRan.set(true);
        counter.increment("item-" + item);
    }

    @Synchronized("item-{item}")
    void holdUntilReleased(String item, Path dir) throws Exception {
        Files.writeString(dir.resolve("inside"), Long.toString(Coordination.fence("item-" + item)));
        CounterPlugin.awaitFile(dir.resolve("release"));
    }

    @Synchronized(value = "item-{item}", blocking = false)
    void tryOnce(String item) {
        bodyRan.set(true);
    }

    @Synchronized("item-{item}")
    long waitForIt(String item) {
        return Coordination.fence("item-" + item);
    }

    int maxHolders() {
        return counter.maxHolders();
    }
}
