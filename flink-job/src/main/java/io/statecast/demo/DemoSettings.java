package io.statecast.demo;

import io.statecast.cell.EngineKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How the demo runs, validated once.
 *
 * @param model the model artifact directory
 * @param eventsPerSecond replay rate ({@code Double.POSITIVE_INFINITY}: as fast as possible)
 * @param duration how long to replay (null: the whole data set)
 * @param parallelism job parallelism (task slots of the local cluster)
 * @param batchSize events per batched step
 * @param flushInterval longest wait in the batch
 * @param checkpointInterval checkpoints (and exactly-once commits) every this long
 * @param webPorts the Flink web UI port or range
 * @param serverPort the model server's (and dashboard's) port, 0 for any free one
 * @param showKeys keys shown live in the terminal
 * @param workDir where the broker's log and the checkpoints go (deleted at the end)
 */
public record DemoSettings(
    Path model,
    double eventsPerSecond,
    Duration duration,
    int parallelism,
    int batchSize,
    Duration flushInterval,
    Duration checkpointInterval,
    String webPorts,
    int serverPort,
    List<String> showKeys,
    Path workDir,
    EngineKind engine,
    boolean acceptEpochZero) {

  public DemoSettings {
    if (model == null) {
      throw new IllegalArgumentException("the demo needs a model");
    }
    if (!(eventsPerSecond > 0)) {
      throw new IllegalArgumentException("the replay rate must be positive");
    }
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1");
    }
    showKeys = showKeys == null ? List.of() : List.copyOf(showKeys);
    engine = engine == null ? EngineKind.DJL : engine;
  }
}
