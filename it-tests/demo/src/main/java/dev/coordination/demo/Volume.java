package dev.coordination.demo;

/** A Cinder-like volume: lock names render its id. */
public record Volume(String id, int sizeGb) {}
