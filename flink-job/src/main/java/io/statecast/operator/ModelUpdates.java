package io.statecast.operator;

import io.statecast.artifact.ArtifactUnavailableException;
import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.ModelUpdate;
import io.statecast.source.ModelUpdateEvent;
import io.statecast.upgrade.ModelHolder;
import io.statecast.upgrade.ModelSwitch;
import io.statecast.upgrade.UpdateJudge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's second input, the broadcast model updates. Each is judged ({@link UpdateJudge}): a
 * refused or undecodable one changes nothing and becomes a dead letter with the reason (an artifact
 * whose store does not answer is not a reason: see {@link #judge}); an ignored one (e.g. the
 * version already served) is counted and logged; an accepted one is returned to the operator, which
 * steps the old model's batches and writes its resident states back before it asks for the {@link
 * #switchTo switch}.
 */
final class ModelUpdates {

  private static final Logger LOG = LoggerFactory.getLogger(ModelUpdates.class);

  private final ModelHolder models;
  private final Refusals refusals;
  private final OperatorMetrics metrics;

  ModelUpdates(ModelHolder models, Refusals refusals, OperatorMetrics metrics) {
    this.models = models;
    this.refusals = refusals;
    this.metrics = metrics;
  }

  /**
   * The verified artifact to switch to, or null when the update changes nothing.
   *
   * @throws ArtifactUnavailableException when the update's artifact store did not answer for a
   *     while: the task fails, and Flink's restart strategy restores the last checkpoint and reads
   *     the update again, so that an outage of the store never refuses a good update
   */
  ModelArtifact judge(ModelUpdateEvent u) throws ArtifactUnavailableException {
    if (u.deadLetter != null) {
      refusals.undecodableUpdate(u);
      return null;
    }
    if (u.update == null) { // neither decoded nor refused by the source: nothing to judge
      metrics.updatesRefused.inc();
      LOG.warn("a model update event with neither an update nor a reason, at {}: ignored", u);
      return null;
    }
    UpdateJudge.Verdict v;
    try {
      v = models.judge(u.update);
    } catch (ArtifactUnavailableException e) {
      LOG.error(
          "model update {} v{}: its artifact cannot be read now; failing the task so that it is"
              + " read again after the restart: {}",
          u.update.getModelId(),
          u.update.getVersion(),
          e.getMessage());
      throw e;
    }
    if (v.ignored() != null) {
      metrics.updatesIgnored.inc();
      LOG.info("model update ignored: {}", v.ignored());
    } else if (v.refused() != null) {
      LOG.warn(
          "model update {} v{} refused: {}",
          u.update.getModelId(),
          u.update.getVersion(),
          v.refused());
      refusals.update(u, v.refused());
    }
    return v.accepted();
  }

  /** Serves {@code artifact} from now on; the operator has finished with the old model. */
  void switchTo(ModelArtifact artifact, ModelUpdate u) throws Exception {
    ModelSwitch s = models.switchTo(artifact, u);
    metrics.updatesApplied.inc();
    LOG.info(
        "switched to model {} v{} (epoch {}, policy {})", s.modelId, s.version, s.epoch, s.policy);
  }
}
