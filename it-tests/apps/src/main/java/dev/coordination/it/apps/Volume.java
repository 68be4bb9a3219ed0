package dev.coordination.it.apps;

/** A Cinder-like volume, for templates that read a record's components ({@code {vol.id}}). */
public record Volume(String id, int sizeGb) {}
