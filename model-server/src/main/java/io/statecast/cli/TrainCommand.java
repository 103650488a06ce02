package io.statecast.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.statecast.artifact.ModelArtifact;
import io.statecast.data.LoadedData;
import io.statecast.train.Conformal;
import io.statecast.train.KeyWeights;
import io.statecast.train.ModelTrainer;
import io.statecast.train.TrainConfig;
import io.statecast.train.TrainConfigs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code statecast train}: train a forecaster on keyed series and write its artifact. */
@Command(
    name = "train",
    description = {
      "Train an LSTM forecaster on keyed series and write its model artifact.",
      "Data: a long CSV key,date,value[,extra…] or an Avro Observation file (.avro). The artifact"
          + " carries per-key statistics, a training report and the loss curve (loss-curve.html).",
      "Trains on the first 80%% of each key's observations (the evaluation protocol's training"
          + " part). Settings: built-in defaults, then --config, then --set and the options below."
    },
    mixinStandardHelpOptions = true)
public final class TrainCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin DataOptions data = new DataOptions();

  @Option(names = "--out", required = true, description = "The artifact directory to create.")
  Path out;

  @Option(names = "--config", description = "A JSON or .properties training configuration.")
  Path config;

  @Option(
      names = "--set",
      paramLabel = "NAME=VALUE",
      description = "Override one setting, e.g. --set model.hidden=64 (repeatable).")
  List<String> sets = new ArrayList<>();

  @Option(names = "--id", description = "Model id (default: the data file's name).")
  String id;

  @Option(names = "--seed", description = "Random seed (default 42).")
  Long seed;

  @Option(names = "--epochs", description = "Most epochs (default 100).")
  Integer epochs;

  @Option(names = "--hidden", description = "Cell size H.")
  Integer hidden;

  @Option(names = "--layers", description = "Stack depth.")
  Integer layers;

  @Option(names = "--variant", description = "fused or peephole.")
  String variant;

  @Option(names = "--projection", description = "LSTMP projection size R < H (0: none).")
  Integer projection;

  @Option(names = "--connection", description = "plain, residual, dense, highway or grid.")
  String connection;

  @Option(
      names = "--feeds",
      paramLabel = "PATTERN",
      description =
          "Which earlier layers feed each layer of a dense stack: all (default), previousN (the N"
              + " nearest layers below), or lists per layer 1…L-1 such as '0;0,1;1,2'.")
  String feeds;

  @Option(
      names = "--window",
      paramLabel = "W",
      description =
          "A bidirectional first layer with time-step attention over each key's last W events (2"
              + " to 256; 0: none, the default): needs --layers 2 or more and plain connections.")
  Integer window;

  @Option(names = "--g2", description = "Train G2-LSTM gates (served hardened).")
  Boolean g2;

  @Option(names = "--horizon", description = "Forecast steps per event (default 7).")
  Integer horizon;

  @Option(
      names = "--quantiles",
      paramLabel = "LEVELS",
      description =
          "Quantile levels of the head, comma-separated, including 0.5 (default"
              + " 0.1,0.25,0.5,0.75,0.9: 80%% and 50%% intervals); 'none' for a point head.")
  String quantiles;

  @Option(
      names = "--non-negative",
      negatable = true,
      description =
          "Clip forecasts at zero (counts, amounts); --no-non-negative never clips (default: clip"
              + " when every training target is at least 0).")
  Boolean nonNegative;

  @Option(
      names = "--adapt-median",
      paramLabel = "STEP",
      description =
          "Step of the per-key online shift of the whole forecast as actuals arrive, tracked on the"
              + " median, in the key's standard deviations (default 0.002; 0: none).")
  Double adaptMedian;

  @Option(
      names = "--adapt-intervals",
      paramLabel = "STEP",
      description =
          "Step of the per-key online offsets of the intervals' bounds as actuals arrive (default"
              + " 0.01; 0: none, the intervals as calibrated in training).")
  Double adaptIntervals;

  @Option(
      names = "--embed",
      paramLabel = "SOURCE:DIM",
      split = ",",
      description =
          "Learned embeddings appended to the inputs: key:DIM (the key; keys not seen in training"
              + " share an unknown row), day_of_week:DIM, or COLUMN:DIM for a data column of"
              + " category codes; comma-separated or repeated, 'none' for none (default none).")
  List<String> embeddings;

  @Option(
      names = "--dropout",
      paramLabel = "P",
      description =
          "Inverted dropout rate on each layer's input and the head's input while training (default"
              + " 0: none).")
  Double dropout;

  @Option(
      names = "--key-weights",
      paramLabel = "WEIGHTS",
      converter = KeyWeightsConverter.class,
      description =
          "How much each key's errors count in the loss: equal (every key's errors in its own"
              + " standard deviations), scale (weighted by the key's standard deviation, so the"
              + " loss is the pooled error in the data's units) or sqrt-scale (by its square root,"
              + " between the two; the default).")
  KeyWeights keyWeights;

  @Option(
      names = "--no-calibration",
      description = "Do not calibrate the intervals on the validation part.")
  boolean noCalibration;

  @Option(names = "--threads", description = "PyTorch intra-op threads (default 1).")
  Integer threads;

  @Option(names = "--no-progress", description = "No progress bar; one line per epoch.")
  boolean noProgress;

  @Override
  public Integer call() throws Exception {
    var w = spec.commandLine().getOut();
    TrainConfig cfg = configuration();
    ModelArtifact.checkNew(out); // before the training, not after it
    LoadedData d = data.read(w);
    ConsoleProgress progress =
        new ConsoleProgress(spec.commandLine().getErr(), !noProgress && System.console() != null);
    ModelTrainer.Outcome o = ModelTrainer.train(d, cfg, out, progress);
    var r = o.result();
    w.printf(
        Locale.ROOT,
        "trained %s on %d keys in %s: kept epoch %d of %d (validation loss %.4f); %s%n",
        o.artifact().spec().id(),
        o.keys(),
        ConsoleProgress.clock(r.seconds()),
        r.bestEpoch(),
        r.history().size(),
        r.bestValidationLoss(),
        r.stoppedBecause());
    if (o.calibration() != null) {
      for (Conformal.IntervalCalibration c : o.calibration().intervals()) {
        w.printf(
            Locale.ROOT,
            "calibrated the %.0f%% interval: validation coverage %.1f%% → %.1f%% (mean over"
                + " steps)%n",
            100 * c.coverage(),
            100 * c.meanCoverageBefore(),
            100 * c.meanCoverageAfter());
      }
    }
    w.println("wrote " + out + ": " + CliSupport.summary(o.artifact().spec()));
    w.println("loss curve " + out.resolve(ModelTrainer.CURVE_FILE));
    w.flush();
    return 0;
  }

  private TrainConfig configuration() throws java.io.IOException {
    ObjectNode tree = TrainConfigs.defaultsTree();
    if (config != null) {
      TrainConfigs.merge(tree, TrainConfigs.readTree(config));
    }
    for (String s : sets) {
      int eq = s.indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException("--set wants NAME=VALUE, got '" + s + "'");
      }
      TrainConfigs.set(tree, s.substring(0, eq).trim(), s.substring(eq + 1).trim());
    }
    set(tree, "model.id", id);
    set(tree, "training.seed", seed);
    set(tree, "training.epochs", epochs);
    set(tree, "model.hidden", hidden);
    set(tree, "model.layers", layers);
    set(tree, "model.variant", variant);
    set(tree, "model.projection", projection);
    set(tree, "model.connection", connection);
    set(tree, "model.feeds", feeds);
    set(tree, "model.window", window);
    set(tree, "model.g2", g2);
    set(tree, "model.horizon", horizon);
    set(tree, "model.quantiles", quantiles);
    set(tree, "model.nonNegative", nonNegative);
    set(tree, "model.adaptMedian", adaptMedian);
    set(tree, "model.adaptIntervals", adaptIntervals);
    if (embeddings != null) {
      TrainConfigs.set(tree, "model.embeddings", String.join(",", embeddings));
    }
    set(tree, "training.dropout", dropout);
    if (keyWeights != null) {
      TrainConfigs.set(tree, "training.keyWeights", keyWeights.label());
    }
    if (noCalibration) {
      set(tree, "training.calibrate", false);
    }
    set(tree, "training.threads", threads);
    return TrainConfigs.bind(tree, config == null ? "options" : config.toString());
  }

  private static void set(ObjectNode tree, String name, Object value) {
    if (value != null) {
      TrainConfigs.set(tree, name, value.toString().toLowerCase(Locale.ROOT));
    }
  }

  /** {@code --key-weights}: by the names configurations use. */
  static final class KeyWeightsConverter implements ITypeConverter<KeyWeights> {
    @Override
    public KeyWeights convert(String value) {
      try {
        return KeyWeights.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
