package io.statecast.operator;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The operator's Flink metrics: events in, forecasts out, late events, duplicates and other
 * refusals, batch (wave) sizes, step time, keys with state, and end-to-end latency (forecast
 * emission minus the observation's Kafka timestamp).
 */
final class OperatorMetrics {

  private static final int WINDOW = 10_000;

  final Counter eventsIn;
  final Counter forecastsOut;
  final Counter lateEvents;
  final Counter duplicates;
  final Counter refused;
  final Counter flushes;
  final Histogram batchSize;
  final Histogram stepMicros;
  final Histogram latencyMillis;

  OperatorMetrics(MetricGroup group, Gauge<Long> keysWithState) {
    eventsIn = group.counter("eventsIn");
    forecastsOut = group.counter("forecastsOut");
    lateEvents = group.counter("lateEvents");
    duplicates = group.counter("duplicateEvents");
    refused = group.counter("refusedEvents");
    flushes = group.counter("flushes");
    batchSize = group.histogram("batchSize", new DescriptiveStatisticsHistogram(WINDOW));
    stepMicros = group.histogram("stepMicros", new DescriptiveStatisticsHistogram(WINDOW));
    latencyMillis = group.histogram("latencyMillis", new DescriptiveStatisticsHistogram(WINDOW));
    group.gauge("keysWithState", keysWithState);
  }
}
