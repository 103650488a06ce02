package io.statecast.serve;

import io.statecast.avro.StatePolicy;
import io.statecast.cell.KernelFactory;
import io.statecast.registry.ModelRecord;
import io.statecast.registry.ModelRegistry;
import io.statecast.registry.Promotion;
import io.statecast.registry.RegistryException;
import io.statecast.registry.VersionRecord;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The model versions the server has loaded, by id and version, loaded (and verified) on first use
 * and kept until retired. Which version serves a model is the registry's answer at each call, so a
 * promotion takes effect without a restart.
 */
final class LoadedModels implements AutoCloseable {

  private final ModelRegistry registry;
  private final RegistryErrors errors;
  private final KernelFactory factory;
  private final int statelessKernels;
  private final Map<String, InferenceModel> loaded = new ConcurrentHashMap<>();

  LoadedModels(ModelRegistry registry, KernelFactory factory, int statelessKernels) {
    this.registry = registry;
    this.errors = new RegistryErrors(registry.root());
    this.factory = factory;
    this.statelessKernels = statelessKernels;
  }

  ModelRegistry registry() {
    return registry;
  }

  RegistryErrors errors() {
    return errors;
  }

  /** The model's record; 404 if unknown. */
  ModelRecord record(String id) {
    try {
      return registry.model(id);
    } catch (RegistryException e) {
      throw errors.of(e);
    }
  }

  /** The active versions of a model, ascending. */
  List<Integer> activeVersions(String id) {
    return record(id).versions().stream()
        .filter(v -> !v.retired())
        .map(VersionRecord::version)
        .toList();
  }

  /**
   * A version, loaded; 404 for an unknown model or version, 410 for a retired one, 500 when its
   * files fail verification.
   */
  InferenceModel version(String id, int version) {
    VersionRecord v =
        record(id)
            .version(version)
            .orElseThrow(
                () -> ApiException.notFound("model '" + id + "' has no version " + version));
    if (v.retired()) {
      throw new ApiException(410, "model '" + id + "' version " + version + " is retired");
    }
    InferenceModel m = loaded.get(key(id, version));
    return m != null ? m : load(id, version);
  }

  /** The serving (promoted) version, loaded; 404 for an unknown model, 409 if none serves. */
  InferenceModel serving(String id) {
    return version(id, servingVersion(id));
  }

  /** The serving version's number; 404 for an unknown model, 409 if none was promoted. */
  int servingVersion(String id) {
    ModelRecord m = record(id);
    if (m.serving() == null) {
      throw ApiException.conflict(
          "model '"
              + id
              + "' has no serving version yet; promote one with POST /v1/registry/models/"
              + id
              + "/versions/{version}/promote");
    }
    return m.serving();
  }

  /** The serving version if there is one, without loading anything. */
  OptionalInt peekServingVersion(String id) {
    try {
      return registry.servingVersion(id);
    } catch (RegistryException e) {
      return OptionalInt.empty();
    }
  }

  /** The state policy of the promotion that made the serving version serve (KEEP if unknown). */
  StatePolicy servingPolicy(String id) {
    ModelRecord m = record(id);
    List<Promotion> ps = m.promotions();
    return ps.isEmpty() ? StatePolicy.KEEP : ps.get(ps.size() - 1).policy();
  }

  /** Unloads a version (after it was retired). */
  void evict(String id, int version) {
    InferenceModel m = loaded.remove(key(id, version));
    if (m != null) {
      m.close();
    }
  }

  private synchronized InferenceModel load(String id, int version) {
    InferenceModel m = loaded.get(key(id, version));
    if (m != null) {
      return m;
    }
    try {
      m = new InferenceModel(registry.load(id, version), factory, statelessKernels);
    } catch (RegistryException e) {
      throw errors.of(e);
    }
    loaded.put(key(id, version), m);
    return m;
  }

  private static String key(String id, int version) {
    return id + "#" + version;
  }

  @Override
  public void close() {
    loaded.values().forEach(InferenceModel::close);
    loaded.clear();
  }
}
