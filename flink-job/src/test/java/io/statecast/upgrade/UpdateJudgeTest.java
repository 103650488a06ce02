package io.statecast.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecast.artifact.ArtifactUnavailableException;
import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.ModelUpdate;
import io.statecast.avro.StatePolicy;
import io.statecast.modelstore.ModelStore;
import io.statecast.modelstore.TestFileSystem;
import io.statecast.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An update naming an artifact on another file system is judged on what it reads there: accepted
 * when good, refused when altered or unserved, and neither when the store does not answer.
 */
class UpdateJudgeTest {

  @TempDir Path tmp;

  /** Gives up at the first failure, so that an outage shows without waiting. */
  private final ModelStore impatient =
      ModelStore.fileSystems(
          new ModelStore.Patience(Duration.ofMillis(1), Duration.ofMillis(1), Duration.ZERO));

  private ModelArtifact v1;
  private ModelArtifact v2;
  private ModelSwitch current;

  @BeforeAll
  static void fileSystems() {
    FileSystem.initialize(new Configuration(), null);
  }

  @BeforeEach
  void models() throws Exception {
    TestFileSystem.root(tmp.resolve("store"));
    v1 = TestModels.write(tmp.resolve("v1"));
    v2 = TestModels.writeVersion(tmp.resolve("v2"), 2, 99);
    current =
        new ModelSwitch(
            0,
            v1.spec().id(),
            1,
            v1.directory().toUri().toString(),
            v1.manifestSha256(),
            StatePolicy.KEEP);
  }

  private UpdateJudge.Verdict judge(String uri) throws ArtifactUnavailableException {
    ModelUpdate u =
        ModelUpdate.newBuilder()
            .setModelId(v2.spec().id())
            .setVersion(2)
            .setArtifactUri(uri)
            .setManifestSha256(v2.manifestSha256())
            .setPolicy(StatePolicy.KEEP)
            .setPublishedAt(0)
            .build();
    return UpdateJudge.judge(u, current, v1.spec().stateLayout(), 0, impatient);
  }

  @Test
  void acceptsAGoodArtifactOnAnotherFileSystem() throws Exception {
    String uri = TestFileSystem.upload(v2.directory(), "bucket", "v2");

    UpdateJudge.Verdict v = judge(uri);

    assertThat(v.refused()).isNull();
    assertThat(v.accepted().manifestSha256()).isEqualTo(v2.manifestSha256());
    assertThat(v.accepted().weights().tensors()).isEqualTo(v2.weights().tensors());
  }

  @Test
  void refusesAnAlteredArtifactNamingItsUri() throws Exception {
    String uri = TestFileSystem.upload(v2.directory(), "bucket", "v2");
    Path spec = TestFileSystem.local("bucket", "v2").resolve(ModelArtifact.SPEC_FILE);
    Files.writeString(spec, Files.readString(spec) + " ");

    assertThat(judge(uri).refused())
        .startsWith("cannot load " + uri + ": " + uri + "/model.json: SHA-256 is");
  }

  @Test
  void refusesASchemeWithoutFileSystemNamingThePlugin() throws Exception {
    assertThat(judge("gs://bucket/v2").refused())
        .contains("no Flink file system serves the scheme 'gs'")
        .contains("flink-gs-fs-hadoop");
  }

  @Test
  void givesNoVerdictWhileTheStoreDoesNotAnswer() throws Exception {
    String uri = TestFileSystem.upload(v2.directory(), "bucket", "v2");
    TestFileSystem.failNextReads(1);

    assertThatThrownBy(() -> judge(uri))
        .isInstanceOf(ArtifactUnavailableException.class)
        .hasMessageContaining("injected outage");
    assertThat(judge(uri).accepted()).isNotNull(); // once it answers again
  }
}
