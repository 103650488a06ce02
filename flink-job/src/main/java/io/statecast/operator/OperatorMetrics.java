package io.statecast.operator;

import io.statecast.avro.ErrorKind;
import io.statecast.avro.StatePolicy;
import io.statecast.batch.Stepper;
import io.statecast.source.DeadLetterCounts;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The operator's Flink metrics: events in, forecasts out (in total and per {@code model_version}),
 * late events, duplicates, events set aside for jumping ahead in event time and other refusals,
 * every dead letter the operator emits ({@link DeadLetterCounts}: in total and per {@code kind}),
 * events naming features the model does not read, batch (wave) sizes, step time, keys with state
 * ({@link KeyCount}), actuals flagged as anomalies ({@code anomalies}, see {@link Anomalies}), the
 * age of a key's state when its next event comes ({@code stateAgeMillis}, see {@link #stateAge}),
 * states reset for holding a non-finite number ({@code nonFiniteStates}), end-to-end latency
 * (forecast emission minus the observation's Kafka timestamp), and model updates (applied, refused,
 * ignored, the served version, states carried over per {@code policy}), and resident states written
 * back.
 *
 * <p>Per-kind, per-policy and per-version counts are Flink key/value groups ({@code
 * addGroup("kind", KIND)}), which Flink's Prometheus reporter turns into a label: {@code
 * flink_taskmanager_job_task_operator_kind_deadLetters{kind="LATE_EVENT",…}}, {@code
 * …_operator_policy_statesCarriedOver{policy="REWARM",…}}, {@code
 * …_operator_model_version_forecasts{model_version="3",…}}. Model versions are few (one per
 * accepted update), so that label stays bounded.
 */
final class OperatorMetrics {

  private static final int WINDOW = 10_000;

  final Counter eventsIn;
  final Counter forecastsOut;
  final Counter lateEvents;
  final Counter duplicates;
  final Counter refused;
  final Counter eventTimeJumps;
  final Counter unknownFeatures;
  final Counter flushes;
  final Counter updatesApplied;
  final Counter updatesRefused;
  final Counter updatesIgnored;
  final Counter statesWrittenBack;
  final Counter nonFiniteStates;
  final Counter anomalies;
  final Histogram batchSize;
  final Histogram stepMicros;
  final Histogram latencyMillis;
  final Histogram stateAgeMillis;
  final DeadLetterCounts deadLetters;
  private final MetricGroup group;
  private final Map<StatePolicy, Counter> migrated = new EnumMap<>(StatePolicy.class);
  private final Map<Integer, Counter> forecastsByVersion = new HashMap<>();
  private int lastVersion = Integer.MIN_VALUE;
  private Counter lastVersionForecasts;

  OperatorMetrics(MetricGroup group, Gauge<Long> keysWithState, Gauge<Integer> modelVersion) {
    this.group = group;
    eventsIn = group.counter("eventsIn");
    forecastsOut = group.counter("forecastsOut");
    lateEvents = group.counter("lateEvents");
    duplicates = group.counter("duplicateEvents");
    refused = group.counter("refusedEvents");
    eventTimeJumps = group.counter("eventTimeJumps");
    unknownFeatures = group.counter("eventsWithUnknownFeatures");
    flushes = group.counter("flushes");
    updatesApplied = group.counter("modelUpdatesApplied");
    updatesRefused = group.counter("modelUpdatesRefused");
    updatesIgnored = group.counter("modelUpdatesIgnored");
    statesWrittenBack = group.counter("residentStatesWrittenBack");
    nonFiniteStates = group.counter("nonFiniteStates");
    anomalies = group.counter("anomalies");
    batchSize = group.histogram("batchSize", new DescriptiveStatisticsHistogram(WINDOW));
    stepMicros = group.histogram("stepMicros", new DescriptiveStatisticsHistogram(WINDOW));
    latencyMillis = group.histogram("latencyMillis", new DescriptiveStatisticsHistogram(WINDOW));
    stateAgeMillis = group.histogram("stateAgeMillis", new DescriptiveStatisticsHistogram(WINDOW));
    deadLetters = new DeadLetterCounts(group);
    group.gauge("keysWithState", keysWithState);
    group.gauge("modelVersion", modelVersion);
    for (StatePolicy p : StatePolicy.values()) {
      migrated.put(p, group.addGroup("policy", p.name()).counter("statesCarriedOver"));
    }
  }

  /** Records one flush. */
  void flushed(Stepper.Flush f) {
    flushes.inc();
    batchSize.update(f.largestWave());
    stepMicros.update(f.stepNanos() / 1000);
  }

  /** Records resident states written back to Flink state (before a checkpoint or a switch). */
  void writtenBack(int states) {
    statesWrittenBack.inc(states);
  }

  /** Records a state carried over to a new model. */
  void migrated(StatePolicy policy) {
    migrated.get(policy).inc();
  }

  /**
   * Records one forecast of model version {@code version}: {@code forecastsOut} and that version's
   * {@code forecasts} (registered at its first forecast).
   */
  void forecast(int version) {
    forecastsOut.inc();
    if (version != lastVersion) {
      lastVersionForecasts =
          forecastsByVersion.computeIfAbsent(
              version,
              v -> group.addGroup("model_version", Integer.toString(v)).counter("forecasts"));
      lastVersion = version;
    }
    lastVersionForecasts.inc();
  }

  /**
   * Records the age of a key's state when the key's next event is admitted: that event's time minus
   * the key's previous event's (event time, so a replay or a backlog shows the ages the data had,
   * not how long ago the operator saw them). Nothing for a key's first event.
   */
  void stateAge(long eventTime, long previousEventTime) {
    if (previousEventTime != Long.MIN_VALUE) {
      stateAgeMillis.update(eventTime - previousEventTime);
    }
  }

  /** Records one dead letter of kind {@code kind} emitted by the operator. */
  void deadLetter(ErrorKind kind) {
    deadLetters.count(kind);
  }
}
