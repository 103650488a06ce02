package io.statecast.operator;

import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.ModelUpdate;
import io.statecast.avro.StatePolicy;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.BroadcastState;

/**
 * The operator's model and the chain of models it has served, kept in broadcast state so that a
 * restored (or rescaled) subtask serves the model that was current at the checkpoint. The first
 * model is the configured one; after a restore it is the chain's last, verified again against the
 * manifest digest it was promoted with.
 */
final class ModelHolder implements AutoCloseable {

  private final ForecastOperatorConfig config;
  private final BroadcastState<Integer, ModelSwitch> chainState;
  private ModelChain chain;
  private ServingModel model;

  private ModelHolder(
      ForecastOperatorConfig config, BroadcastState<Integer, ModelSwitch> chainState) {
    this.config = config;
    this.chainState = chainState;
  }

  /** Opens the model to serve: the restored chain's current one, or the configured one. */
  static ModelHolder open(ForecastOperatorConfig config, BroadcastState<Integer, ModelSwitch> state)
      throws Exception {
    ModelHolder h = new ModelHolder(config, state);
    List<ModelSwitch> restored = new ArrayList<>();
    for (Map.Entry<Integer, ModelSwitch> e : state.entries()) {
      restored.add(e.getValue());
    }
    ModelArtifact artifact = restored.isEmpty() ? h.configured() : h.restored(restored);
    h.model = ServingModel.open(artifact, config);
    return h;
  }

  private ModelArtifact configured() throws Exception {
    ModelArtifact a = ModelArtifact.load(Path.of(config.modelPath()));
    String expected = config.expectedManifestSha256();
    if (expected != null && !expected.equals(a.manifestSha256())) {
      throw new IllegalStateException(
          config.modelPath()
              + " has manifest SHA-256 "
              + a.manifestSha256()
              + ", not the expected "
              + expected);
    }
    chain =
        ModelChain.startingWith(
            new ModelSwitch(
                0,
                a.spec().id(),
                a.spec().version(),
                a.directory().toAbsolutePath().toUri().toString(),
                a.manifestSha256(),
                StatePolicy.KEEP));
    chainState.put(0, chain.current());
    return a;
  }

  private ModelArtifact restored(List<ModelSwitch> switches) throws Exception {
    chain = ModelChain.of(switches);
    ModelSwitch s = chain.current();
    ModelArtifact a = ModelArtifact.load(Path.of(URI.create(s.artifactUri)));
    if (!a.manifestSha256().equals(s.manifestSha256)) {
      throw new IllegalStateException(
          s.artifactUri
              + " changed since it was promoted: manifest "
              + a.manifestSha256()
              + ", expected "
              + s.manifestSha256);
    }
    return a;
  }

  ServingModel model() {
    return model;
  }

  ModelChain chain() {
    return chain;
  }

  /**
   * A key's state carried over to the current model, if it belongs to an older epoch: kept as it is
   * (KEEP), or replaced by the zero state (RESET, and REWARM, whose caller then replays the key's
   * recent observations into it). The key's last event time and recent observations stay.
   *
   * @return the state to step, which is {@code s} itself when nothing changed
   */
  KeyState carryOver(KeyState s) {
    StatePolicy policy = chain.policyFor(s.epoch);
    if (policy == StatePolicy.KEEP) {
      s.epoch = chain.epoch();
      s.modelVersion = model.spec.version();
      return s;
    }
    KeyState fresh = model.freshState(s.lastEventTime, chain.epoch());
    fresh.recent = s.recent;
    return fresh;
  }

  /** What an update would do (nothing is changed). */
  UpdateJudge.Verdict judge(ModelUpdate u) {
    return UpdateJudge.judge(u, chain.current(), model.spec.stateLayout(), config.rewarmDepth());
  }

  /** Serves {@code artifact} from now on; the caller has flushed the old model's batch. */
  ModelSwitch switchTo(ModelArtifact artifact, ModelUpdate u) throws Exception {
    ServingModel next = ServingModel.open(artifact, config);
    ServingModel old = model;
    model = next;
    old.close();
    ModelSwitch s =
        new ModelSwitch(
            chain.epoch() + 1,
            u.getModelId(),
            u.getVersion(),
            u.getArtifactUri(),
            u.getManifestSha256(),
            u.getPolicy());
    chain = chain.plus(s);
    chainState.put(s.epoch, s);
    return s;
  }

  @Override
  public void close() {
    if (model != null) {
      model.close();
    }
  }
}
