package io.statecast.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecast.artifact.ArtifactException;
import io.statecast.artifact.ArtifactUnavailableException;
import io.statecast.modelstore.TestFileSystem;
import io.statecast.testing.TestModels;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code --model} takes a plain path (made absolute, as before) or a URI (kept as it is), and the
 * model is read and verified at submission from wherever it names.
 */
class ModelOptionTest {

  @TempDir Path tmp;

  private static JobSettings settings(String model) {
    JobCommand command = new JobCommand();
    new CommandLine(command).parseArgs("--bootstrap-servers", "kafka:9092", "--model", model);
    return command.options.settings();
  }

  @Test
  void keepsAUriAndMakesAPlainPathAbsolute() {
    assertThat(settings("s3://bucket/models/demo").operator().modelPath())
        .isEqualTo("s3://bucket/models/demo");
    assertThat(settings("models/demo").operator().modelPath())
        .isEqualTo(Path.of("models/demo").toAbsolutePath().toString());
  }

  @Test
  void readsTheModelAtSubmissionFromAnotherFileSystem() throws Exception {
    TestFileSystem.root(tmp.resolve("store"));
    Path local = tmp.resolve("m");
    TestModels.write(local);
    String uri = TestFileSystem.upload(local, "bucket", "models/m");

    assertThat(JobRunner.requiredFeatures(settings(uri)))
        .isEqualTo(JobRunner.requiredFeatures(settings(local.toString())));
    assertThat(TestFileSystem.reads()).isEqualTo(3);
  }

  @Test
  void failsTheSubmissionNamingThePluginForASchemeWithoutFileSystem() {
    assertThatThrownBy(() -> JobRunner.requiredFeatures(settings("s3://bucket/models/demo")))
        .isInstanceOf(ArtifactException.class)
        .isNotInstanceOf(ArtifactUnavailableException.class)
        .hasMessageContaining("no Flink file system serves the scheme 's3'")
        .hasMessageContaining("plugins/flink-s3-fs-hadoop/");
  }
}
