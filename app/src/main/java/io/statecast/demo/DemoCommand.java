package io.statecast.demo;

import io.statecast.artifact.ModelArtifact;
import io.statecast.cli.DurationConverter;
import io.statecast.cli.EngineOptions;
import io.statecast.cli.FormatOptions;
import io.statecast.cli.RateConverter;
import io.statecast.job.BatchingOptions;
import io.statecast.model.RandomWeights;
import io.statecast.model.StandardModels;
import io.statecast.testing.traffic.ObservationFeed;
import io.statecast.testing.traffic.SyntheticFeed;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code statecast demo}: the embedded default, in one command. {@code --value-format} (and its
 * {@link FormatOptions}) runs the whole embedded system in that format: the replay, the job, the
 * watcher and the dashboard; {@code avro-registry} needs a registry the user runs ({@code
 * --schema-registry-url}): the demo starts none.
 */
@Command(
    name = "demo",
    description =
        "Run everything in this process: a Kafka broker, the job on a Flink MiniCluster"
            + " with its web UI, and a replay of a data set, with a live view and a summary."
            + " Ctrl-C stops it cleanly.",
    mixinStandardHelpOptions = true)
public final class DemoCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--dataset",
      defaultValue = "wind",
      description =
          "wind, chicago, pm10, a CSV file (key,date,value), or synthetic (default: wind).")
  String dataset;

  @Option(
      names = "--speed",
      defaultValue = "2000",
      description = "Replay rate in events/s, or max (default: ${DEFAULT-VALUE}).")
  String speed;

  @Option(
      names = "--duration",
      converter = DurationConverter.class,
      description = "Stop replaying after this long (default: the whole data set).")
  Duration duration;

  @Option(
      names = "--model",
      description =
          "Model artifact (default: trained on first use into .statecast/models/<dataset>; the standard benchmark model for synthetic).")
  Path model;

  @Option(names = "--keys", description = "Keys of the synthetic data set (default: 10000).")
  Integer keys;

  @Option(
      names = "--parallelism",
      defaultValue = "2",
      description = "Job parallelism (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Mixin BatchingOptions batching = new BatchingOptions();

  @Option(
      names = "--checkpoint-interval",
      defaultValue = "1s",
      converter = DurationConverter.class,
      description = "Checkpoint (and commit) interval (default: ${DEFAULT-VALUE}).")
  Duration checkpointInterval;

  @Option(
      names = "--web-port",
      defaultValue = "8081-8090",
      description = "Flink web UI port or range (default: ${DEFAULT-VALUE}).")
  String webPorts;

  @Option(
      names = "--server-port",
      description =
          "Model server and dashboard port, 0 for any free one (default: 8080, or a free one when"
              + " 8080 is taken).")
  Integer serverPort;

  @Mixin EngineOptions engine = new EngineOptions();

  @Mixin FormatOptions format = new FormatOptions();

  @Option(
      names = "--show",
      split = ",",
      description =
          "Keys to show live in the terminal and on the dashboard (default: the first three of"
              + " the data set).")
  List<String> show;

  @Option(
      names = "--keep-running",
      description =
          "After the replay and its summary, keep the dashboard, the model server, the job and"
              + " Kafka up until Ctrl-C (default: stop).")
  boolean keepRunning;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    DemoSource source = source();
    rate(); // refuses a bad --speed before anything starts
    format.settings(); // and value format options that do not go together
    Path home = DemoData.home();
    ObservationFeed feed;
    Path modelDir;
    boolean epochZero = false;
    if (source.synthetic()) {
      feed = new SyntheticFeed(source.keys(), StandardModels.INPUTS, SyntheticFeed.START, 7);
      modelDir = source.model() != null ? source.model() : standardModel(home);
    } else {
      DemoData.Dataset data = DemoData.resolve(source.dataset(), home, out);
      feed = data.feed();
      epochZero = DemoData.hasEpochZero(data);
      modelDir = source.model() != null ? source.model() : DemoData.modelFor(data, home, out);
    }
    Path work =
        Files.createTempDirectory(
            Files.createDirectories(home.resolve(".statecast").toAbsolutePath()), "demo-");
    DemoSettings settings;
    try {
      settings = settings(modelDir, work, firstKeys(feed), epochZero);
    } catch (IOException | RuntimeException e) {
      DemoData.deleteQuietly(work);
      throw e;
    }
    EmbeddedDemo demo = new EmbeddedDemo(settings, feed, out);
    CountDownLatch done = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              demo.stop();
              try {
                done.await(60, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try (demo) {
      demo.run();
    } finally {
      DemoData.deleteQuietly(work);
      done.countDown();
    }
    return 0;
  }

  /**
   * What is replayed through which model.
   *
   * @param dataset a shipped data set's name, a file, or {@code synthetic}
   * @param model the model artifact, or null for the data set's own (trained on first use)
   * @param keys keys of the synthetic data set
   */
  record DemoSource(String dataset, Path model, int keys) {
    static final int DEFAULT_SYNTHETIC_KEYS = 10_000;

    boolean synthetic() {
      return dataset.equalsIgnoreCase("synthetic");
    }
  }

  /** The data set and model these options name; {@code --keys} only with the synthetic one. */
  DemoSource source() {
    DemoSource s =
        new DemoSource(dataset, model, keys != null ? keys : DemoSource.DEFAULT_SYNTHETIC_KEYS);
    if (keys != null && !s.synthetic()) {
      throw new IllegalArgumentException(
          "--keys sets the size of the synthetic data set: add --dataset synthetic");
    }
    if (s.keys() < 1) {
      throw new IllegalArgumentException("--keys must be at least 1, got " + keys);
    }
    return s;
  }

  /**
   * The demo's settings from these options, for a model and a work directory chosen by the caller.
   *
   * @param firstKeys the keys shown unless {@code --show} names others
   * @param epochZero whether the data set holds an observation at event time 0
   * @throws IOException if a file the value format options name cannot be read
   */
  DemoSettings settings(Path modelDir, Path work, List<String> firstKeys, boolean epochZero)
      throws IOException {
    return new DemoSettings(
        modelDir.toAbsolutePath(),
        rate(),
        duration,
        parallelism,
        batching.batchSize(),
        batching.flushInterval(),
        checkpointInterval,
        webPorts,
        serverPort,
        show != null ? show : firstKeys,
        work,
        engine.engine(),
        epochZero,
        keepRunning,
        format.settings());
  }

  private double rate() {
    return RateConverter.parse(speed)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "--speed must be a positive number of events/s or max, not '" + speed + "'"));
  }

  private static List<String> firstKeys(ObservationFeed feed) {
    return feed instanceof DemoData.DatasetFeed d
        ? d.keys().subList(0, Math.min(3, d.keys().size()))
        : new ArrayList<>(List.of("key-0", "key-1"));
  }

  private static Path standardModel(Path home) throws IOException {
    Path dir = home.resolve(".statecast/models/standard");
    if (!Files.exists(dir.resolve("manifest.sha256"))) {
      ModelArtifact.write(
          dir, RandomWeights.of(StandardModels.spec(StandardModels.Preset.STANDARD), 1), Map.of());
    }
    return dir;
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%,.0f", v);
  }
}
