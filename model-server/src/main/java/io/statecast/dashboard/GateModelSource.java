package io.statecast.dashboard;

import io.statecast.registry.ModelRegistry;
import java.nio.file.Path;

/**
 * Which model the dashboard steps sampled keys through to see its gates.
 *
 * <ul>
 *   <li>{@link #none()}: no gate histograms;
 *   <li>{@link #artifact(Path)}: one model artifact directory, fixed;
 *   <li>{@link #registry(Path)} (or an open {@link ModelRegistry}): the version the forecasts say
 *       produced them ({@code modelId}, {@code modelVersion}), loaded from the registry, so the
 *       histograms follow a live upgrade; before the first forecast, the serving version of the
 *       given model, or of the registry's only model.
 * </ul>
 */
public sealed interface GateModelSource {

  /** No gates. */
  record None() implements GateModelSource {}

  /** A fixed artifact directory. */
  record Artifact(Path directory) implements GateModelSource {
    public Artifact {
      if (directory == null) {
        throw new IllegalArgumentException("the model directory must be given");
      }
    }
  }

  /**
   * A registry, by its root (opened read-only by the dashboard) or already open.
   *
   * @param root the registry directory (null when {@code open} is given)
   * @param open an open registry (null when {@code root} is given)
   * @param modelId the model to use before forecasts name one, or null for the registry's only one
   */
  record Registry(Path root, ModelRegistry open, String modelId) implements GateModelSource {
    public Registry {
      if ((root == null) == (open == null)) {
        throw new IllegalArgumentException("give a registry directory or an open registry");
      }
    }
  }

  static GateModelSource none() {
    return new None();
  }

  static GateModelSource artifact(Path directory) {
    return new Artifact(directory);
  }

  static GateModelSource registry(Path root) {
    return new Registry(root, null, null);
  }

  static GateModelSource registry(Path root, String modelId) {
    return new Registry(root, null, modelId);
  }

  static GateModelSource registry(ModelRegistry registry) {
    return new Registry(null, registry, null);
  }
}
