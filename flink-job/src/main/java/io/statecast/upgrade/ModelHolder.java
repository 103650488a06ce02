package io.statecast.upgrade;

import io.statecast.artifact.ArtifactUnavailableException;
import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.ModelUpdate;
import io.statecast.avro.StatePolicy;
import io.statecast.batch.Batcher;
import io.statecast.batch.KeyState;
import io.statecast.batch.Residency;
import io.statecast.batch.ServingModel;
import io.statecast.cell.KernelFactory;
import io.statecast.modelstore.ModelLocation;
import io.statecast.modelstore.ModelStore;
import io.statecast.source.ObservationEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.BroadcastState;

/**
 * The operator's model, its batcher, and the chain of models it has served, kept in broadcast state
 * so that a restored (or rescaled) subtask serves the model that was current at the checkpoint. The
 * first model is the configured one; after a restore it is the chain's last, verified again against
 * the manifest digest it was promoted with. A switch replaces model and batcher together.
 */
public final class ModelHolder implements AutoCloseable {

  /**
   * How the holder opens models.
   *
   * @param modelPath the configured model's artifact: a local directory or a URI ({@link
   *     io.statecast.modelstore.ModelLocation})
   * @param expectedManifestSha256 the digest the configured artifact must have (null: any)
   * @param kernels the engine that steps every model
   * @param batchSize rows per batch
   * @param residency whether states stay resident on the engine's device
   * @param rewarmDepth recent observations kept per key (for updates with policy rewarm)
   */
  public record Settings(
      String modelPath,
      String expectedManifestSha256,
      KernelFactory kernels,
      int batchSize,
      Residency residency,
      int rewarmDepth) {}

  private final Settings settings;
  private final ModelStore store = ModelStore.fileSystems();
  private final BroadcastState<Integer, ModelSwitch> chainState;
  private ModelChain chain;
  private Batcher<ObservationEvent> batcher;

  private ModelHolder(Settings settings, BroadcastState<Integer, ModelSwitch> chainState) {
    this.settings = settings;
    this.chainState = chainState;
  }

  /** Opens the model to serve: the restored chain's current one, or the configured one. */
  public static ModelHolder open(Settings settings, BroadcastState<Integer, ModelSwitch> state)
      throws Exception {
    ModelHolder h = new ModelHolder(settings, state);
    List<ModelSwitch> restored = new ArrayList<>();
    for (Map.Entry<Integer, ModelSwitch> e : state.entries()) {
      restored.add(e.getValue());
    }
    ModelArtifact artifact = restored.isEmpty() ? h.configured() : h.restored(restored);
    h.batcher = h.batcherOf(artifact);
    return h;
  }

  private Batcher<ObservationEvent> batcherOf(ModelArtifact artifact) {
    if (!artifact.spec().head().present()) {
      throw new IllegalStateException(
          "model '" + artifact.spec().id() + "' has no head (horizon 0): it cannot forecast");
    }
    return new ServingModel(artifact, settings.kernels())
        .newBatcher(settings.batchSize(), settings.residency());
  }

  private ModelArtifact configured() throws Exception {
    ModelArtifact a = store.load(settings.modelPath());
    String expected = settings.expectedManifestSha256();
    if (expected != null && !expected.equals(a.manifestSha256())) {
      throw new IllegalStateException(
          settings.modelPath()
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
                ModelLocation.parse(settings.modelPath()).toUri().toString(),
                a.manifestSha256(),
                StatePolicy.KEEP));
    chainState.put(0, chain.current());
    return a;
  }

  private ModelArtifact restored(List<ModelSwitch> switches) throws Exception {
    chain = ModelChain.of(switches);
    ModelSwitch s = chain.current();
    ModelArtifact a = store.load(s.artifactUri);
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

  /** The model served now. */
  public ServingModel model() {
    return batcher.model();
  }

  /** The current model's batcher. */
  public Batcher<ObservationEvent> batcher() {
    return batcher;
  }

  public ModelChain chain() {
    return chain;
  }

  /**
   * A key's state carried over to the current model, if it belongs to an older epoch: kept as it is
   * (KEEP), or replaced by the zero state (RESET, and REWARM, whose caller then replays the key's
   * recent observations into it). The key's last event time and recent observations stay.
   *
   * @return the state to step, which is {@code s} itself when nothing changed
   */
  public KeyState carryOver(KeyState s) {
    StatePolicy policy = chain.policyFor(s.epoch);
    if (policy == StatePolicy.KEEP) {
      s.epoch = chain.epoch();
      s.modelVersion = model().version();
      return s;
    }
    KeyState fresh = model().freshState(s.lastEventTime, chain.epoch());
    fresh.recent = s.recent;
    return fresh;
  }

  /**
   * What an update would do (nothing is changed).
   *
   * @throws ArtifactUnavailableException when the update's artifact could not be read for a while
   *     (the store is unreachable): neither refused nor accepted, the update must be judged again
   */
  public UpdateJudge.Verdict judge(ModelUpdate u) throws ArtifactUnavailableException {
    return UpdateJudge.judge(
        u, chain.current(), model().spec().stateLayout(), settings.rewarmDepth(), store);
  }

  /**
   * Serves {@code artifact} from now on; the caller has stepped the old model's batches and written
   * its resident states back.
   */
  public ModelSwitch switchTo(ModelArtifact artifact, ModelUpdate u) throws Exception {
    Batcher<ObservationEvent> next = batcherOf(artifact);
    Batcher<ObservationEvent> old = batcher;
    batcher = next;
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
    if (batcher != null) {
      batcher.close();
    }
  }
}
