package io.statecast.registry;

/**
 * A version just added to the registry.
 *
 * @param id the model id
 * @param version its record
 * @param artifactUri the absolute {@code file:} URI of the registry's copy
 */
public record AddedVersion(String id, VersionRecord version, String artifactUri) {}
