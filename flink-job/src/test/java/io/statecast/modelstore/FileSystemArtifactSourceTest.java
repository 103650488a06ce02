package io.statecast.modelstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecast.artifact.ArtifactException;
import io.statecast.artifact.ArtifactUnavailableException;
import io.statecast.artifact.Manifest;
import io.statecast.artifact.ModelArtifact;
import io.statecast.testing.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading through Flink's file systems gives what loading the local directory gives, for {@code
 * file:} URIs, plain paths and another scheme ({@code testfs}, registered as a plugin's factory
 * is); a bad artifact is refused naming the file's URI, an unserved scheme names the plugin.
 */
class FileSystemArtifactSourceTest {

  @TempDir Path tmp;

  private final List<Long> sleeps = new ArrayList<>();
  private final ModelStore store =
      new ModelStore(ModelStore.DEFAULT_PATIENCE, FileSystemArtifactSource::of, sleeps::add);

  private ModelArtifact reference;
  private Path dir;

  @BeforeAll
  static void fileSystems() {
    FileSystem.initialize(new Configuration(), null); // the factories on the class path
  }

  @BeforeEach
  void writeModel() throws IOException {
    TestFileSystem.root(tmp.resolve("store"));
    dir = tmp.resolve("m");
    reference = TestModels.write(dir);
  }

  private void assertSameAsReference(ModelArtifact a) {
    assertThat(a.manifestSha256()).isEqualTo(reference.manifestSha256());
    assertThat(a.weights().tensors()).isEqualTo(reference.weights().tensors());
    assertThat(a.spec()).isEqualTo(reference.spec());
  }

  @Test
  void loadsAFileUriAsThePathBasedLoadDoes() throws IOException {
    ModelArtifact a = store.load(dir.toUri().toString());

    assertSameAsReference(a);
    assertThat(a.location()).isEqualTo(dir.toUri().toString());
    assertThat(a.directory()).isEqualTo(dir);
  }

  @Test
  void loadsAPlainPathAsThePathBasedLoadDoes() throws IOException {
    ModelArtifact a = store.load(dir.toString());

    assertSameAsReference(a);
    assertThat(a.location()).isEqualTo(dir.toString());
    assertThat(a.directory()).isEqualTo(dir);
  }

  @Test
  void loadsFromAnotherSchemeAsThePathBasedLoadDoes() throws IOException {
    String uri = TestFileSystem.upload(dir, "bucket", "models/demo/v1");

    ModelArtifact a = store.load(uri);

    assertSameAsReference(a);
    assertThat(a.location()).isEqualTo("testfs://bucket/models/demo/v1");
    assertThat(TestFileSystem.reads()).isEqualTo(3); // the manifest, then the two files it lists
    assertThatThrownBy(a::directory).hasMessageContaining(uri);
  }

  @Test
  void refusesAnAlteredFileNamingItsUri() throws IOException {
    String uri = TestFileSystem.upload(dir, "bucket", "m");
    Path weights = TestFileSystem.local("bucket", "m").resolve(ModelArtifact.WEIGHTS_FILE);
    byte[] bytes = Files.readAllBytes(weights);
    bytes[bytes.length - 1] ^= 0x01;
    Files.write(weights, bytes);

    assertThatThrownBy(() -> store.load(uri))
        .isInstanceOf(ArtifactException.class)
        .isNotInstanceOf(ArtifactUnavailableException.class)
        .hasMessageContaining("testfs://bucket/m/weights.safetensors: SHA-256 is")
        .hasMessageContaining("modified or corrupted");
    assertThat(sleeps).isEmpty();
  }

  @Test
  void refusesAMissingManifestNamingTheUri() throws IOException {
    String uri = TestFileSystem.upload(dir, "bucket", "m");
    Files.delete(TestFileSystem.local("bucket", "m").resolve(Manifest.FILE));

    assertThatThrownBy(() -> store.load(uri))
        .isNotInstanceOf(ArtifactUnavailableException.class)
        .hasMessage("testfs://bucket/m is not a model artifact: it has no manifest.sha256");
    assertThatThrownBy(() -> store.load("testfs://bucket/nothing-here"))
        .isNotInstanceOf(ArtifactUnavailableException.class)
        .hasMessageContaining("testfs://bucket/nothing-here is not a model artifact");
    assertThat(sleeps).isEmpty();
  }

  @Test
  void refusesAMissingListedFileNamingItsUri() throws IOException {
    Files.delete(dir.resolve(ModelArtifact.SPEC_FILE));
    String uri = TestFileSystem.upload(dir, "bucket", "m");

    assertThatThrownBy(() -> store.load(uri))
        .isNotInstanceOf(ArtifactUnavailableException.class)
        .hasMessage("testfs://bucket/m/model.json is listed in manifest.sha256 but missing");
    assertThatThrownBy(() -> store.load(dir.toUri().toString()))
        .hasMessage(dir.toUri() + "model.json is listed in manifest.sha256 but missing");
    assertThat(sleeps).isEmpty();
  }

  @Test
  void namesThePluginForASchemeWithoutFileSystem() {
    assertThatThrownBy(() -> store.load("s3://bucket/models/demo"))
        .isInstanceOf(ArtifactException.class)
        .isNotInstanceOf(ArtifactUnavailableException.class)
        .hasMessageContaining(
            "s3://bucket/models/demo: no Flink file system serves the scheme 's3'")
        .hasMessageContaining("flink-s3-fs-hadoop")
        .hasMessageContaining("plugins/flink-s3-fs-hadoop/")
        .hasMessageContaining(
            "ENABLE_BUILT_IN_PLUGINS=flink-s3-fs-hadoop-" + EnvironmentInformation.getVersion());
    assertThat(EnvironmentInformation.getVersion()).isNotEqualTo(EnvironmentInformation.UNKNOWN);
    assertThatThrownBy(() -> store.load("nosuchfs://bucket/m"))
        .hasMessageContaining("no Flink file system serves the scheme 'nosuchfs'")
        .hasMessageContaining("plugins/");
    assertThat(sleeps).isEmpty();
  }

  @Test
  void refusesALocationThatIsNoUri() {
    assertThatThrownBy(() -> store.load("s3://bucket/with space"))
        .isInstanceOf(ArtifactException.class)
        .hasMessageContaining("not a valid URI");
    assertThatThrownBy(() -> store.load("s3://bucket"))
        .isInstanceOf(ArtifactException.class)
        .hasMessageContaining("names no path");
  }
}
