package app;

import app.model.Volume;
import dev.coordination.Coordination;
import dev.coordination.Synchronized;
import dev.coordination.support.SharedCounters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Annotated methods in a named module. Their templates read a record component of a class in a
 * package the module does not export ({@code {vol.id}}) and parameter names.
 */
final class VolumeService {

    private final SharedCounters counter;
    private final Path dir;
    final AtomicBoolean bodyRan = new AtomicBoolean();

    VolumeService(Path dir, String owner) {
        this.dir = dir;
        this.counter = new SharedCounters(dir, owner);
    }

    @Synchronized("volume-{vol.id}")
    void increment(Volume vol) {
        bodyRan.set(true);
        counter.increment("volume-" + vol.id());
    }

    @Synchronized("volume-{vol.id}")
    void holdUntilReleased(Volume vol) throws Exception {
        Files.writeString(dir.resolve("inside"), Long.toString(Coordination.fence("volume-" + vol.id())));
        Main.awaitFile(dir.resolve("release"));
    }

    @Synchronized(value = "volume-{vol.id}", blocking = false)
    void tryOnce(Volume vol) {
        bodyRan.set(true);
    }

    @Synchronized("volume-{vol.id}")
    long waitForIt(Volume vol) {
        return Coordination.fence("volume-" + vol.id());
    }

    int maxHolders() {
        return counter.maxHolders();
    }
}
