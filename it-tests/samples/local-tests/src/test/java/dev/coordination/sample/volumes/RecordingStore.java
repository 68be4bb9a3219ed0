package dev.coordination.sample.volumes;

import dev.coordination.Coordination;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link VolumeStore} that records each call with whether the calling thread held the volume's
 * lock at that moment ({@code "writeSize v1 held"}, or {@code "free"} when it did not).
 */
final class RecordingStore implements VolumeStore {

    private final Map<String, Long> sizes = new ConcurrentHashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private volatile RuntimeException writeFailure;

    @Override
    public long size(String volumeId) {
        record("size", volumeId);
        return sizes.getOrDefault(volumeId, 0L);
    }

    @Override
    public void writeSize(String volumeId, long gigabytes) {
        record("writeSize", volumeId);
        if (writeFailure != null) {
            throw writeFailure;
        }
        sizes.put(volumeId, gigabytes);
    }

    @Override
    public void snapshot(String volumeId) {
        record("snapshot", volumeId);
    }

    @Override
    public void delete(String volumeId) {
        record("delete", volumeId);
        sizes.remove(volumeId);
    }

    /** Makes every later {@link #writeSize} throw {@code failure} (after recording the call). */
    void failWritesWith(RuntimeException failure) {
        writeFailure = failure;
    }

    List<String> calls() {
        return List.copyOf(calls);
    }

    private void record(String operation, String volumeId) {
        boolean held = Coordination.getLock("volume-" + volumeId).isHeldByCurrentThread();
        calls.add(operation + " " + volumeId + (held ? " held" : " free"));
    }
}
