package io.statecast.serve;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** The stateful API's batchers, one per model id, started on the model's first request. */
final class Sequences implements AutoCloseable {

  private final BatchingConfig config;
  private final LoadedModels models;
  private final ServerMetrics metrics;
  private final Map<String, SequenceBatcher> batchers = new ConcurrentHashMap<>();

  Sequences(BatchingConfig config, LoadedModels models, ServerMetrics metrics) {
    this.config = config;
    this.models = models;
    this.metrics = metrics;
  }

  /** The model's batcher; call only for a model the registry has (ids are not checked here). */
  SequenceBatcher of(String model) {
    return batchers.computeIfAbsent(model, m -> new SequenceBatcher(m, config, models, metrics));
  }

  /** The wave sizes seen for a model (empty if it had no stateful request). */
  SortedMap<Integer, Long> batchSizes(String model) {
    SequenceBatcher b = batchers.get(model);
    return b == null ? new TreeMap<>() : b.batchSizes();
  }

  @Override
  public void close() {
    batchers.values().forEach(SequenceBatcher::close);
    batchers.clear();
  }
}
