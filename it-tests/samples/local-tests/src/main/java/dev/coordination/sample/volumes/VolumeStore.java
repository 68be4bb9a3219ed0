package dev.coordination.sample.volumes;

/**
 * Where {@link VolumeService} keeps its volumes: a database or a storage array in production, a
 * recording fake in the tests.
 */
public interface VolumeStore {

    long size(String volumeId);

    void writeSize(String volumeId, long gigabytes);

    void snapshot(String volumeId);

    void delete(String volumeId);
}
