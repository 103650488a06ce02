package io.statecast.operator;

import io.statecast.avro.StatePolicy;
import io.statecast.batch.Stepper;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The operator's Flink metrics: events in, forecasts out, late events, duplicates, events set aside
 * for jumping ahead in event time and other refusals, events naming features the model does not
 * read, batch (wave) sizes, step time, keys with state, end-to-end latency (forecast emission minus
 * the observation's Kafka timestamp), and model updates (applied, refused, ignored, the served
 * version, states carried over per policy), and resident states written back.
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
  final Histogram batchSize;
  final Histogram stepMicros;
  final Histogram latencyMillis;
  private final Map<StatePolicy, Counter> migrated = new EnumMap<>(StatePolicy.class);

  OperatorMetrics(MetricGroup group, Gauge<Long> keysWithState, Gauge<Integer> modelVersion) {
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
    batchSize = group.histogram("batchSize", new DescriptiveStatisticsHistogram(WINDOW));
    stepMicros = group.histogram("stepMicros", new DescriptiveStatisticsHistogram(WINDOW));
    latencyMillis = group.histogram("latencyMillis", new DescriptiveStatisticsHistogram(WINDOW));
    group.gauge("keysWithState", keysWithState);
    group.gauge("modelVersion", modelVersion);
    for (StatePolicy p : StatePolicy.values()) {
      migrated.put(p, group.counter("statesCarriedOver_" + p.name()));
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
}
