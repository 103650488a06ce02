package io.statecast.dashboard;

import io.statecast.artifact.ArtifactException;
import io.statecast.artifact.ModelArtifact;
import io.statecast.registry.LoggingModelUpdatePublisher;
import io.statecast.registry.ModelRecord;
import io.statecast.registry.ModelRegistry;
import io.statecast.registry.RegistryException;
import java.io.IOException;
import java.util.List;
import java.util.OptionalInt;

/**
 * Finds and loads the model of a {@link GateModelSource}: which model version the gates should come
 * from now, and that version's {@link GateModel}.
 *
 * <p>For a registry, the version is the one the latest forecast named (so the histograms follow a
 * live upgrade), else the serving version of the configured model (or of the registry's only one).
 */
final class GateModels {

  /** A model version: what a forecast names. */
  record Ref(String id, int version) {
    @Override
    public String toString() {
      return id + " v" + version;
    }
  }

  private final GateModelSource source;
  private final ModelRegistry registry;
  private final ModelArtifact fixed;

  private GateModels(GateModelSource source, ModelRegistry registry, ModelArtifact fixed) {
    this.source = source;
    this.registry = registry;
    this.fixed = fixed;
  }

  /**
   * Opens the source: loads a fixed artifact now (so a bad one fails at start), opens a registry
   * directory (without ever publishing: the dashboard does not promote).
   *
   * @throws IOException when the artifact or the registry cannot be opened
   */
  static GateModels open(GateModelSource source) throws IOException {
    if (source instanceof GateModelSource.Artifact a) {
      try {
        return new GateModels(source, null, ModelArtifact.load(a.directory()));
      } catch (ArtifactException e) {
        throw new IOException(
            "the dashboard cannot load model " + a.directory() + ": " + e.getMessage(), e);
      }
    }
    if (source instanceof GateModelSource.Registry r) {
      ModelRegistry registry =
          r.open() != null
              ? r.open()
              : ModelRegistry.open(r.root(), new LoggingModelUpdatePublisher());
      return new GateModels(source, registry, null);
    }
    return new GateModels(source, null, null);
  }

  /** Whether there is a model source at all. */
  boolean enabled() {
    return !(source instanceof GateModelSource.None);
  }

  /**
   * The version to use now: a fixed artifact's, the one forecasts named, or the registry's serving
   * version; null when none is known yet.
   *
   * @param named the version the latest forecast named, or null
   */
  Ref wanted(Ref named) throws RegistryException {
    if (fixed != null) {
      return new Ref(fixed.spec().id(), fixed.spec().version());
    }
    if (registry == null) {
      return null;
    }
    if (named != null) {
      return named;
    }
    String id = ((GateModelSource.Registry) source).modelId();
    if (id == null) {
      List<ModelRecord> all = registry.list();
      if (all.size() != 1) {
        return null; // ambiguous until a forecast names a model
      }
      id = all.get(0).id();
    }
    OptionalInt v = registry.servingVersion(id);
    return v.isPresent() ? new Ref(id, v.getAsInt()) : null;
  }

  /** Loads (and verifies) a version. */
  GateModel load(Ref ref) throws RegistryException {
    if (fixed != null) {
      return new GateModel(fixed);
    }
    return new GateModel(registry.load(ref.id(), ref.version()));
  }

  /** What the source is, for the page. */
  String describe() {
    if (source instanceof GateModelSource.Artifact a) {
      return "artifact " + a.directory().getFileName();
    }
    return registry != null ? "the registry" : "no model given";
  }
}
