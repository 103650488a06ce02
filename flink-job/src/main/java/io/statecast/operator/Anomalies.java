package io.statecast.operator;

import io.statecast.avro.Anomaly;
import io.statecast.avro.Forecast;
import io.statecast.avro.ForecastInterval;
import io.statecast.source.ObservationEvent;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.operators.KeyContext;
import org.apache.flink.streaming.api.operators.Output;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Anomaly flags: each forecast with intervals leaves the first step of its chosen interval in the
 * key's keyed state ({@link PendingInterval}); the key's next event, when it has a target and is
 * the step that forecast was for, is scored against it and, above the threshold, emitted as an
 * {@link Anomaly} to {@link LstmForecastOperator#ANOMALIES} and counted in {@code anomalies}. The
 * rule is {@link AnomalyRule}'s.
 *
 * <p>Forecasts without intervals (a point head) touch nothing, so a point model costs no state
 * access; an event whose step left a non-finite state forgets the key's pending interval, since the
 * key's next event is not the step that interval forecast. The pending interval is checkpointed
 * with the rest of the keyed state and expires with the idle-key TTL.
 *
 * <p>Works on keyed state: each call sets the operator's current key to the event's.
 */
final class Anomalies {

  /** The name of the pending intervals' keyed state. */
  static final String STATE_NAME = "pending-interval";

  private final ValueState<PendingInterval> pending;
  private final Output<StreamRecord<Forecast>> output;
  private final Counter anomalies;
  private final AnomalyRule rule;
  private final KeyContext keys;

  Anomalies(
      ValueState<PendingInterval> pending,
      Output<StreamRecord<Forecast>> output,
      Counter anomalies,
      AnomalyRule rule,
      KeyContext keys) {
    this.pending = pending;
    this.output = output;
    this.anomalies = anomalies;
    this.rule = rule;
    this.keys = keys;
  }

  /**
   * The anomaly flags of an operator: its keyed state, output and metrics, by its configuration.
   */
  static Anomalies open(
      RuntimeContext context,
      Output<StreamRecord<Forecast>> output,
      OperatorMetrics metrics,
      ForecastOperatorConfig config,
      KeyContext keys) {
    return new Anomalies(
        context.getState(KeyStates.intervals(STATE_NAME, config.stateTtl())),
        output,
        metrics.anomalies,
        config.anomalies(),
        keys);
  }

  /**
   * Scores event {@code e}'s actual against its key's pending interval, if it answers one, and
   * leaves {@code f}'s chosen interval pending instead.
   *
   * @param f the forecast made after stepping {@code e}
   * @param now the emission time
   */
  void answer(ObservationEvent e, Forecast f, long now) throws Exception {
    if (f.getIntervals() == null) {
      return;
    }
    keys.setCurrentKey(e.key());
    PendingInterval before = pending.value();
    long gap = 0;
    if (before != null) {
      gap = e.eventTime() - before.forecastEventTime;
      Float actual = e.observation.getTarget();
      if (actual != null && AnomalyRule.isNextStep(gap, before.gapBefore)) {
        double score = AnomalyRule.score(actual, before.lower, before.upper);
        if (score > rule.threshold()) {
          anomalies.inc();
          output.collect(
              LstmForecastOperator.ANOMALIES,
              new StreamRecord<>(anomaly(e, actual, before, score, now), e.eventTime()));
        }
      }
    }
    ForecastInterval in = rule.choose(f.getIntervals());
    if (in == null) {
      if (before != null) {
        pending.clear();
      }
      return;
    }
    PendingInterval next = new PendingInterval();
    next.forecastEventTime = e.eventTime();
    next.gapBefore = gap;
    next.coverage = in.getCoverage();
    next.lower = in.getLower().get(0);
    next.upper = in.getUpper().get(0);
    next.median = f.getValues().get(0);
    next.modelId = f.getModelId();
    next.modelVersion = f.getModelVersion();
    pending.update(next);
  }

  /** Forgets the pending interval of {@code e}'s key: {@code e} reset the key's state. */
  void forget(ObservationEvent e) throws Exception {
    keys.setCurrentKey(e.key());
    pending.clear();
  }

  private static Anomaly anomaly(
      ObservationEvent e, float actual, PendingInterval p, double score, long now) {
    return Anomaly.newBuilder()
        .setKey(e.key())
        .setEventTime(e.eventTime())
        .setActual(actual)
        .setCoverage(p.coverage)
        .setLower(p.lower)
        .setUpper(p.upper)
        .setForecast(p.median)
        .setScore((float) score)
        .setForecastEventTime(p.forecastEventTime)
        .setModelId(p.modelId)
        .setModelVersion(p.modelVersion)
        .setEmittedAt(now)
        .build();
  }
}
