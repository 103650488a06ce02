package io.statecast.cli;

import static io.statecast.testing.Fixtures.maxAbsDiff;
import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.tensor.Tensor;
import io.statecast.tensor.TensorFiles;
import io.statecast.testing.Fixtures;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * The fixtures reproduced end to end through the commands a user runs: {@code model import-torch}
 * (or {@code import-onnx}) then {@code model step}, on both engines.
 */
class ModelCommandTest {

  @TempDir Path tmp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @ParameterizedTest(name = "{0} on {1}")
  @CsvSource({
    "lstm_f64_i4_h8_l2.npz, reference, 1e-9",
    "lstmp_f64_i4_h8_l2_p5.npz, reference, 1e-9",
    "lstm_f32_i4_h8_l2.npz, djl, 2e-5",
    "lstm_f64_i4_h8_l2.npz, djl, 2e-5",
    "lstmp_f64_i4_h8_l2_p5.npz, djl, 2e-5"
  })
  void importTorchThenStepReproducesTheFixture(String fixture, String engine, double tolerance)
      throws IOException {
    Path model = tmp.resolve("model");
    assertThat(
            run(
                "import-torch",
                "--state-dict",
                Fixtures.path(fixture).toString(),
                "--out",
                model.toString()))
        .isZero();
    assertThat(out.toString()).contains("wrote").contains("ignored");
    Path result = tmp.resolve("out.npz");
    assertThat(
            run(
                "step",
                "--model",
                model.toString(),
                "--input",
                Fixtures.path(fixture).toString(),
                "--out",
                result.toString(),
                "--engine",
                engine,
                "--batch",
                "2"))
        .isZero();
    Map<String, Tensor> f = Fixtures.load(fixture);
    Map<String, Tensor> r = TensorFiles.read(result);
    double errY = maxAbsDiff(f.get("y"), r.get("y"));
    double errH = maxAbsDiff(f.get("h_n"), r.get("h_n"));
    double errC = maxAbsDiff(f.get("c_n"), r.get("c_n"));
    System.out.printf(
        "model step %s --engine %s: max |err| y %.3e h_n %.3e c_n %.3e (tolerance %.0e)%n",
        fixture, engine, errY, errH, errC, tolerance);
    assertThat(Math.max(errY, Math.max(errH, errC))).isLessThanOrEqualTo(tolerance);
  }

  @ParameterizedTest(name = "peephole on {0}")
  @CsvSource({"reference", "djl"})
  void importOnnxThenStepReproducesThePeepholeFixture(String engine) throws IOException {
    Path fixture = Fixtures.path(Fixtures.PEEPHOLE);
    Path model = tmp.resolve("peephole");
    assertThat(run("import-onnx", "--weights", fixture.toString(), "--out", model.toString()))
        .isZero();
    Path result = tmp.resolve("out.npz");
    assertThat(
            run(
                "step",
                "--model",
                model.toString(),
                "--input",
                fixture.toString(),
                "--out",
                result.toString(),
                "--engine",
                engine))
        .isZero();
    Map<String, Tensor> f = Fixtures.load(Fixtures.PEEPHOLE);
    Map<String, Tensor> r = TensorFiles.read(result);
    double errY = maxAbsDiff(f.get("Y"), r.get("y"));
    double errC = maxAbsDiff(f.get("Y_c").reshape(1, 3, 8), r.get("c_n"));
    System.out.printf("peephole --engine %s: max |err| y %.3e c_n %.3e%n", engine, errY, errC);
    assertThat(Math.max(errY, errC)).isLessThanOrEqualTo(2e-5);
  }

  @Test
  void aTamperedArtifactIsAUserErrorNamingTheFile() throws IOException {
    Path model = tmp.resolve("model");
    run(
        "import-torch",
        "--state-dict",
        Fixtures.path(Fixtures.LSTM_F32).toString(),
        "--out",
        model.toString());
    Path weights = model.resolve("weights.safetensors");
    byte[] b = Files.readAllBytes(weights);
    b[b.length - 1] ^= 1;
    Files.write(weights, b);
    int code =
        run(
            "step",
            "--model",
            model.toString(),
            "--input",
            Fixtures.path(Fixtures.LSTM_F32).toString(),
            "--out",
            tmp.resolve("o.npz").toString());
    assertThat(code).isEqualTo(CliErrors.USER_ERROR);
    assertThat(err.toString())
        .contains("error:")
        .contains("weights.safetensors")
        .contains("modified or corrupted")
        .doesNotContain("Exception");
  }

  @Test
  void inputOfTheWrongWidthIsAUserError() throws IOException {
    Path model = tmp.resolve("model");
    run(
        "import-torch",
        "--state-dict",
        Fixtures.path(Fixtures.LSTM_F32).toString(),
        "--out",
        model.toString());
    Path input = tmp.resolve("in.npz");
    Map<String, Tensor> in = new LinkedHashMap<>();
    in.put("x", Tensor.zeros(Tensor.DType.FLOAT32, 3, 2, 5));
    TensorFiles.write(input, in);
    int code =
        run(
            "step",
            "--model",
            model.toString(),
            "--input",
            input.toString(),
            "--out",
            tmp.resolve("o.npz").toString());
    assertThat(code).isEqualTo(CliErrors.USER_ERROR);
    assertThat(err.toString()).contains("x has shape (3, 2, 5); the model needs (T, B, 4)");
  }

  private int run(String... args) {
    CommandLine cl = CliErrors.install(new CommandLine(new ModelCommand()));
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }
}
