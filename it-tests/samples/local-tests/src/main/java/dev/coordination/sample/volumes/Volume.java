package dev.coordination.sample.volumes;

/** A volume of the sample's storage service: its id names the lock every change of it holds. */
public record Volume(String id, String pool) {}
