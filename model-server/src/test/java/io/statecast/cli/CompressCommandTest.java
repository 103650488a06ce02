package io.statecast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.artifact.ModelArtifact;
import io.statecast.model.CompressionSpec;
import io.statecast.model.RandomWeights;
import io.statecast.model.StandardModels;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code model compress} end to end: a verifiable artifact with the source's files, or an error.
 */
class CompressCommandTest {

  @TempDir Path tmp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void writesAVerifiableCompressedArtifactWithTheSourcesFiles() throws IOException {
    Path source = tmp.resolve("m");
    byte[] report = "{\"epochs\":3}".getBytes(StandardCharsets.UTF_8);
    ModelArtifact.write(
        source,
        RandomWeights.of(StandardModels.spec(StandardModels.Preset.STANDARD), 3),
        Map.of("training.json", report));
    Path target = tmp.resolve("m-small");
    int code =
        run(
            "compress",
            "--model",
            source.toString(),
            "--out",
            target.toString(),
            "--round",
            "0.05",
            "--clip",
            "1",
            "--rank",
            "32");
    assertThat(code).as(err.toString()).isZero();
    ModelArtifact a = ModelArtifact.load(target);
    assertThat(a.spec().id()).isEqualTo("standard-r0.05-c1-k32");
    assertThat(a.spec().cell().compression())
        .isEqualTo(new CompressionSpec(0.05, 1, 32, CompressionSpec.Gates.INPUT_FORGET));
    assertThat(a.extra("training.json")).isEqualTo(report);
    assertThat(a.weights().tensors()).containsKey("weight_hh_l1_left");
    assertThat(out.toString()).contains("wrote").contains("parameters").contains("compressed");
    assertThat(Files.size(target.resolve(ModelArtifact.WEIGHTS_FILE)))
        .isLessThan(Files.size(source.resolve(ModelArtifact.WEIGHTS_FILE)));
  }

  @Test
  void refusesARankAboveTheOutputSizeWithAUserError() throws IOException {
    Path source = tmp.resolve("m");
    ModelArtifact.write(
        source, RandomWeights.of(StandardModels.spec(StandardModels.Preset.STANDARD), 3), Map.of());
    int code =
        run(
            "compress",
            "--model",
            source.toString(),
            "--out",
            tmp.resolve("x").toString(),
            "--rank",
            "129");
    assertThat(code).isEqualTo(CliErrors.USER_ERROR);
    assertThat(err.toString()).contains("rank must be at most the layer output size 128");
    assertThat(Files.exists(tmp.resolve("x"))).isFalse();
  }

  private int run(String... args) {
    CommandLine cl = CliErrors.install(new CommandLine(new ModelCommand()));
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }
}
