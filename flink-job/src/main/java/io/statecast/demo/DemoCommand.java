package io.statecast.demo;

import io.statecast.artifact.ModelArtifact;
import io.statecast.cell.EngineKind;
import io.statecast.cli.DurationConverter;
import io.statecast.job.BatchingOptions;
import io.statecast.model.RandomWeights;
import io.statecast.model.StandardModels;
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

/** {@code statecast demo}: the embedded default, in one command. */
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

  @Option(
      names = "--keys",
      defaultValue = "10000",
      description = "Keys of the synthetic data set (default: ${DEFAULT-VALUE}).")
  int keys;

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
      defaultValue = "8080",
      description =
          "Model server and dashboard port, 0 for any free one (default: ${DEFAULT-VALUE}).")
  int serverPort;

  @Option(
      names = "--engine",
      defaultValue = "FAST",
      description =
          "Step kernel: fast (pure-Java Vector API), djl (PyTorch) or reference (default: fast).")
  EngineKind engine;

  @Option(
      names = "--show",
      split = ",",
      description = "Keys to show live (default: the first three of the data set).")
  List<String> show;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path home = DemoData.home();
    Path work =
        Files.createTempDirectory(
            Files.createDirectories(home.resolve(".statecast").toAbsolutePath()), "demo-");
    ObservationFeed feed;
    Path modelDir;
    boolean epochZero = false;
    if (dataset.equalsIgnoreCase("synthetic")) {
      feed = new SyntheticFeed(keys, StandardModels.INPUTS, SyntheticFeed.START, 7);
      modelDir = model != null ? model : standardModel(home);
    } else {
      DemoData.Dataset data = DemoData.resolve(dataset, home, out);
      feed = data.feed();
      epochZero = DemoData.hasEpochZero(data);
      modelDir = model != null ? model : DemoData.modelFor(data, home, out);
    }
    List<String> showKeys = show != null ? show : firstKeys(feed);
    DemoSettings settings =
        new DemoSettings(
            modelDir.toAbsolutePath(),
            rate(),
            duration,
            parallelism,
            batching.batchSize(),
            batching.flushInterval(),
            checkpointInterval,
            webPorts,
            serverPort,
            showKeys,
            work,
            engine,
            epochZero);
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

  private double rate() {
    if (speed.equalsIgnoreCase("max")) {
      return Double.POSITIVE_INFINITY;
    }
    try {
      double r = Double.parseDouble(speed);
      if (r > 0) {
        return r;
      }
    } catch (NumberFormatException e) {
      // fall through to the error below
    }
    throw new IllegalArgumentException(
        "--speed must be a positive number of events/s or max, not '" + speed + "'");
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
