package io.statecast.demo;

import io.statecast.cell.Engine;
import io.statecast.wire.format.FormatSettings;
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
 * @param serverPort the model server's (and dashboard's) port, 0 for any free one, null for {@link
 *     #DEFAULT_SERVER_PORT} or a free one when that is taken
 * @param showKeys keys shown live in the terminal and watched on the dashboard
 * @param workDir where the broker's log, the checkpoints and the registry go (deleted at the end)
 * @param engine the step kernel of the job and of the model server
 * @param acceptEpochZero whether event time 0 is a valid time (historical data that spans it)
 * @param keepRunning after the replay and its summary, keep everything up until stopped
 * @param format the value format of the observations, forecasts, dead-letter and late-event topics:
 *     the replay writes it, the job and the dashboard read and write it, the watcher reads it
 *     (null: {@link FormatSettings#AVRO})
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
    Integer serverPort,
    List<String> showKeys,
    Path workDir,
    Engine engine,
    boolean acceptEpochZero,
    boolean keepRunning,
    FormatSettings format) {

  /** The model server's port unless {@code --server-port} says otherwise. */
  public static final int DEFAULT_SERVER_PORT = 8080;

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
    if (serverPort != null && (serverPort < 0 || serverPort > 65_535)) {
      throw new IllegalArgumentException("--server-port must be 0 to 65535, got " + serverPort);
    }
    showKeys = showKeys == null ? List.of() : List.copyOf(showKeys);
    engine = engine == null ? Engine.DEFAULT : engine;
    format = format == null ? FormatSettings.AVRO : format;
  }
}
