package io.statecast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.statecast.artifact.ModelArtifact;
import io.statecast.artifact.SpecJson;
import io.statecast.data.KeyedSeries;
import io.statecast.model.Adaptation;
import io.statecast.model.HeadSpec;
import io.statecast.testing.TestSeries;
import io.statecast.train.ModelTrainer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code train}'s head options (quantile levels, a point head, non-negative, no calibration) and
 * the feeds of a dense stack, and a bidirectional window.
 */
class TrainCommandTest {

  @TempDir Path tmp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private Path csv;

  @BeforeEach
  void writeData() throws Exception {
    csv = tmp.resolve("weekly.csv");
    StringBuilder sb = new StringBuilder("key,date,value\n");
    for (KeyedSeries s : TestSeries.weekly(2, 200, 1).series()) {
      for (int t = 0; t < s.size(); t++) {
        var d = Instant.ofEpochMilli(s.time(t)).atOffset(ZoneOffset.UTC).toLocalDate();
        sb.append(s.key()).append(',').append(d).append(',').append(s.value(t)).append('\n');
      }
    }
    Files.writeString(csv, sb);
  }

  @Test
  void trainsTheQuantileLevelsAskedAndCalibratesTheirInterval() throws Exception {
    Path model = tmp.resolve("q");
    int code = train(model, "--quantiles", "0.2,0.5,0.8", "--non-negative");
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("calibrated the 60% interval: validation coverage");
    HeadSpec head = ModelArtifact.load(model).spec().head();
    assertThat(head.quantiles()).containsExactly(0.2, 0.5, 0.8);
    assertThat(head.nonNegative()).isTrue();
    assertThat(head.adaptation()).as("the default").isEqualTo(new Adaptation(0.002, 0.01));
    JsonNode report = SpecJson.mapper().readTree(model.resolve(ModelTrainer.REPORT_FILE).toFile());
    assertThat(report.at("/config/training/loss").asText()).isEqualTo("pinball");
    JsonNode steps = report.at("/calibration/0/steps");
    assertThat(steps.size()).isEqualTo(head.horizon());
    assertThat(steps.get(0).path("n").asInt()).isPositive();
    assertThat(steps.get(0).path("qhat").isNumber()).isTrue();
  }

  @Test
  void quantilesNoneTrainsAPointHeadAndNoCalibrationSkipsIt() throws Exception {
    Path point = tmp.resolve("p");
    assertThat(train(point, "--quantiles", "none")).as(err.toString()).isZero();
    assertThat(ModelArtifact.load(point).spec().head().probabilistic()).isFalse();
    JsonNode report = SpecJson.mapper().readTree(point.resolve(ModelTrainer.REPORT_FILE).toFile());
    assertThat(report.at("/config/training/loss").asText()).isEqualTo("mae");
    assertThat(report.path("calibration").isNull()).isTrue();
    Path raw = tmp.resolve("r");
    assertThat(train(raw, "--no-calibration")).as(err.toString()).isZero();
    assertThat(out.toString()).doesNotContain("calibrated the");
    assertThat(ModelArtifact.load(raw).spec().head().probabilistic()).isTrue();
    Path fixed = tmp.resolve("f");
    assertThat(train(fixed, "--adapt-median", "0", "--adapt-intervals", "0"))
        .as(err.toString())
        .isZero();
    assertThat(ModelArtifact.load(fixed).spec().head().adaptation()).isNull();
    assertThat(Files.readString(fixed.resolve("model.json"))).doesNotContain("adaptation");
    Path median = tmp.resolve("m");
    assertThat(train(median, "--adapt-intervals", "0")).as(err.toString()).isZero();
    assertThat(ModelArtifact.load(median).spec().head().adaptation())
        .isEqualTo(new Adaptation(0.002, 0));
  }

  @Test
  void aPointLossForAQuantileHeadIsAConfigurationError() {
    int code = train(tmp.resolve("x"), "--set", "training.loss=mse");
    assertThat(code).isNotZero();
    assertThat(err.toString()).contains("training.loss 'mse'", "pinball");
  }

  @Test
  void feedsChooseTheInputsOfADenseStackAndAreRefusedForOthers() throws Exception {
    Path model = tmp.resolve("d");
    int code =
        train(
            model,
            "--layers",
            "4",
            "--connection",
            "dense",
            "--feeds",
            "0;0,1;0,2",
            "--quantiles",
            "none");
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("4 layer(s) dense feeds [[0], [0, 1], [0, 2]]");
    assertThat(ModelArtifact.load(model).spec().stack().feeds())
        .isEqualTo(List.of(List.of(0), List.of(0, 1), List.of(0, 2)));
    JsonNode report = SpecJson.mapper().readTree(model.resolve(ModelTrainer.REPORT_FILE).toFile());
    assertThat(report.at("/config/model/feeds").asText()).isEqualTo("0;0,1;0,2");
    assertThat(train(tmp.resolve("e"), "--layers", "3", "--feeds", "previous1")).isNotZero();
    assertThat(err.toString())
        .contains("model.feeds 'previous1' chooses the inputs of a dense stack");
  }

  @Test
  void windowTrainsABidirectionalWindowAndIsRefusedForOneLayer() throws Exception {
    Path model = tmp.resolve("bi");
    int code = train(model, "--layers", "2", "--window", "4", "--quantiles", "none");
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("2 layer(s) plain with a bidirectional window of 4");
    assertThat(ModelArtifact.load(model).spec().stack().windowSize()).isEqualTo(4);
    assertThat(ModelArtifact.load(model).weights().tensors()).containsKey("attention.bias");
    assertThat(train(tmp.resolve("bi1"), "--window", "4")).isNotZero();
    assertThat(err.toString()).contains("model.window 4: needs at least 2 layers");
  }

  @Test
  void keyWeightsAreRecordedInTheTrainingReportAndUnknownOnesRefused() throws Exception {
    Path model = tmp.resolve("w");
    assertThat(train(model, "--key-weights", "scale", "--quantiles", "none"))
        .as(err.toString())
        .isZero();
    JsonNode report = SpecJson.mapper().readTree(model.resolve(ModelTrainer.REPORT_FILE).toFile());
    assertThat(report.at("/config/training/keyWeights").asText()).isEqualTo("scale");
    assertThat(train(tmp.resolve("v"), "--key-weights", "volume")).isNotZero();
    assertThat(err.toString()).contains("--key-weights", "equal, scale or sqrt-scale");
  }

  @Test
  void anOutputDirectoryInUseIsRefusedBeforeTraining() throws Exception {
    Path used = tmp.resolve("used");
    Files.createDirectories(used);
    Files.writeString(used.resolve("notes.txt"), "mine");
    assertThat(train(used)).isNotZero();
    assertThat(err.toString()).contains(used + " already exists and is not empty");
    assertThat(out.toString())
        .as("refused before reading the data")
        .doesNotContain("read ", "trained");
    assertThat(Files.readString(used.resolve("notes.txt"))).isEqualTo("mine");
  }

  private int train(Path model, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--data",
                csv.toString(),
                "--out",
                model.toString(),
                "--epochs",
                "2",
                "--hidden",
                "6",
                "--set",
                "training.segment=40",
                "--set",
                "training.chunk=20",
                "--no-progress"));
    args.addAll(List.of(extra));
    CommandLine cl = CliErrors.install(new CommandLine(new TrainCommand()));
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args.toArray(String[]::new));
  }
}
