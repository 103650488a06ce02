package io.statecast.operator;

import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.ModelUpdate;
import io.statecast.source.ModelUpdateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's second input, the broadcast model updates. Each is judged ({@link UpdateJudge}):
 * an accepted update first lets the operator finish with the old model ({@code beforeSwitch}: flush
 * the batch, write resident states back), then switches; a refused or undecodable one changes
 * nothing and becomes a dead letter with the reason; an ignored one (e.g. the version already
 * served) is counted and logged.
 */
final class ModelUpdates {

  private static final Logger LOG = LoggerFactory.getLogger(ModelUpdates.class);

  /** What must happen with the old model before a switch. */
  interface BeforeSwitch {
    void run() throws Exception;
  }

  private final ModelHolder models;
  private final Refusals refusals;
  private final OperatorMetrics metrics;
  private final BeforeSwitch beforeSwitch;

  ModelUpdates(
      ModelHolder models, Refusals refusals, OperatorMetrics metrics, BeforeSwitch beforeSwitch) {
    this.models = models;
    this.refusals = refusals;
    this.metrics = metrics;
    this.beforeSwitch = beforeSwitch;
  }

  void accept(ModelUpdateEvent u) throws Exception {
    if (u.deadLetter != null) {
      refusals.undecodableUpdate(u);
      return;
    }
    if (u.update == null) { // neither decoded nor refused by the source: nothing to judge
      metrics.updatesRefused.inc();
      LOG.warn("a model update event with neither an update nor a reason, at {}: ignored", u);
      return;
    }
    UpdateJudge.Verdict v = models.judge(u.update);
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
    } else {
      switchTo(v.accepted(), u.update);
    }
  }

  private void switchTo(ModelArtifact artifact, ModelUpdate u) throws Exception {
    beforeSwitch.run();
    ModelSwitch s = models.switchTo(artifact, u);
    metrics.updatesApplied.inc();
    LOG.info(
        "switched to model {} v{} (epoch {}, policy {})", s.modelId, s.version, s.epoch, s.policy);
  }
}
