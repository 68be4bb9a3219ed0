package app.model;

/** A public record in a package the module does not export: templates read {@code {vol.id}}. */
public record Volume(String id) {}
