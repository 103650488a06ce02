package io.statecast.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecast.model.CellVariant;
import io.statecast.model.Connection;
import io.statecast.model.GateSpec;
import io.statecast.model.HeadSpec;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import io.statecast.model.RandomWeights;
import io.statecast.tensor.Tensor;
import io.statecast.tensor.TensorFiles;
import io.statecast.testing.Specs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelArtifactTest {

  @TempDir Path tmp;

  private final ModelSpec spec =
      Specs.of(
          CellVariant.PEEPHOLE,
          3,
          6,
          4,
          2,
          Connection.HIGHWAY,
          GateSpec.STANDARD,
          new HeadSpec(5, 3, 0));

  @Test
  void writesAndLoadsTheSameSpecAndWeights() throws IOException {
    ModelWeights w = RandomWeights.of(spec, 1);
    ModelArtifact written =
        ModelArtifact.write(tmp.resolve("m"), w, Map.of("training.json", "{}".getBytes()));
    ModelArtifact loaded = ModelArtifact.load(tmp.resolve("m"));
    assertThat(loaded.spec()).isEqualTo(spec);
    assertThat(loaded.weights().tensors()).isEqualTo(w.tensors());
    assertThat(loaded.manifestSha256()).isEqualTo(written.manifestSha256()).hasSize(64);
    assertThat(new String(loaded.extra("training.json"), StandardCharsets.UTF_8)).isEqualTo("{}");
    assertThat(Files.readString(tmp.resolve("m/manifest.sha256")))
        .contains("  model.json")
        .contains("  weights.safetensors")
        .contains("  training.json");
  }

  @Test
  void writesAndLoadsAGridStackWithItsDepthCells() throws IOException {
    ModelSpec grid =
        Specs.of(
            CellVariant.PEEPHOLE,
            3,
            6,
            0,
            2,
            Connection.GRID,
            GateSpec.STANDARD,
            new HeadSpec(5, 3, 0));
    ModelWeights w = RandomWeights.of(grid, 1);
    ModelArtifact.write(tmp.resolve("g"), w, Map.of());
    ModelArtifact loaded = ModelArtifact.load(tmp.resolve("g"));
    assertThat(loaded.spec()).isEqualTo(grid);
    assertThat(loaded.weights().tensors()).isEqualTo(w.tensors());
    assertThat(loaded.weights().tensors())
        .containsKeys("weight_ih_l1_depth", "weight_hh_l0_depth", "weight_co_l1_depth");
    assertThat(Files.readString(tmp.resolve("g").resolve(ModelArtifact.SPEC_FILE)))
        .contains("\"grid\"");
  }

  @Test
  void writesAndLoadsAWindowStackWithItsBackwardDirectionAndAttention() throws IOException {
    ModelSpec window =
        Specs.window(CellVariant.PEEPHOLE, 3, 6, 2, 5, GateSpec.STANDARD, new HeadSpec(4, 2, 0));
    ModelWeights w = RandomWeights.of(window, 1);
    ModelArtifact.write(tmp.resolve("w"), w, Map.of());
    ModelArtifact loaded = ModelArtifact.load(tmp.resolve("w"));
    assertThat(loaded.spec()).isEqualTo(window);
    assertThat(loaded.weights().tensors()).isEqualTo(w.tensors());
    assertThat(loaded.weights().tensors())
        .containsKeys(
            "weight_ih_l0_reverse", "weight_co_l0_reverse", "attention.weight", "attention.bias");
    assertThat(loaded.weights().tensors().get("weight_ih_l1").shape()).containsExactly(24, 12);
    assertThat(Files.readString(tmp.resolve("w").resolve(ModelArtifact.SPEC_FILE)))
        .containsPattern("\"window\" : \\{\\s*\"size\" : 5\\s*}");
  }

  @Test
  void aModelWithoutAWindowIsWrittenByteForByteAsBefore() throws IOException {
    Path dir = Path.of("src/test/resources/artifacts/dense-3-layers");
    String json = Files.readString(dir.resolve(ModelArtifact.SPEC_FILE));
    ModelSpec parsed = SpecJson.parse(json, "dense-3-layers");
    assertThat(parsed.stack().window()).isNull();
    assertThat(SpecJson.write(parsed)).isEqualTo(json);
  }

  @Test
  void refusesATamperedWeightsFileNamingIt() throws IOException {
    Path dir = write();
    Path weights = dir.resolve(ModelArtifact.WEIGHTS_FILE);
    byte[] bytes = Files.readAllBytes(weights);
    bytes[bytes.length - 3] ^= 0x10;
    Files.write(weights, bytes);
    assertThatThrownBy(() -> ModelArtifact.load(dir))
        .isInstanceOf(ArtifactException.class)
        .hasMessageContaining("weights.safetensors")
        .hasMessageContaining("SHA-256")
        .hasMessageContaining("modified or corrupted");
  }

  @Test
  void refusesATruncatedWeightsFileNamingIt() throws IOException {
    Path dir = write();
    Path weights = dir.resolve(ModelArtifact.WEIGHTS_FILE);
    byte[] bytes = Files.readAllBytes(weights);
    Files.write(weights, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> ModelArtifact.load(dir))
        .isInstanceOf(ArtifactException.class)
        .hasMessageContaining("weights.safetensors");
  }

  @Test
  void refusesAnArtifactWithoutManifest() throws IOException {
    Path dir = write();
    Files.delete(dir.resolve(Manifest.FILE));
    assertThatThrownBy(() -> ModelArtifact.load(dir))
        .isInstanceOf(ArtifactException.class)
        .hasMessageContaining("no manifest.sha256");
  }

  @Test
  void refusesAMissingListedFile() throws IOException {
    Path dir = write();
    Files.delete(dir.resolve(ModelArtifact.WEIGHTS_FILE));
    assertThatThrownBy(() -> ModelArtifact.load(dir))
        .isInstanceOf(ArtifactException.class)
        .hasMessageContaining("weights.safetensors is listed")
        .hasMessageContaining("missing");
  }

  @Test
  void refusesASpecWhoseSizesDisagreeWithTheWeightsSayingWhich() throws IOException {
    Path dir = write();
    // A consistent artifact whose spec claims hidden 7 instead of 6: re-sign the manifest so the
    // checksums pass and only the spec/weights disagreement is left.
    String json = Files.readString(dir.resolve(ModelArtifact.SPEC_FILE));
    Files.writeString(
        dir.resolve(ModelArtifact.SPEC_FILE), json.replace("\"hidden\" : 6", "\"hidden\" : 7"));
    Manifest.of(dir, java.util.List.of(ModelArtifact.SPEC_FILE, ModelArtifact.WEIGHTS_FILE))
        .write(dir);
    assertThatThrownBy(() -> ModelArtifact.load(dir))
        .isInstanceOf(ArtifactException.class)
        .hasMessageContaining("weight 'weight_ih_l0' has shape (24, 3) but the spec needs (28, 3)")
        .hasMessageContaining("H=7");
  }

  @Test
  void refusesUnknownFieldsInTheSpecWithTheirLocation() throws IOException {
    Path dir = write();
    String json = Files.readString(dir.resolve(ModelArtifact.SPEC_FILE));
    Files.writeString(
        dir.resolve(ModelArtifact.SPEC_FILE), json.replace("\"hidden\"", "\"hiden\""));
    Manifest.of(dir, java.util.List.of(ModelArtifact.SPEC_FILE, ModelArtifact.WEIGHTS_FILE))
        .write(dir);
    assertThatThrownBy(() -> ModelArtifact.load(dir))
        .isInstanceOf(ArtifactException.class)
        .hasMessageContaining("model.json")
        .hasMessageContaining("hiden");
  }

  @Test
  void refusesInvalidValuesInTheSpecWithTheReason() throws IOException {
    Path dir = write();
    String json = Files.readString(dir.resolve(ModelArtifact.SPEC_FILE));
    Files.writeString(
        dir.resolve(ModelArtifact.SPEC_FILE), json.replace("\"layers\" : 2", "\"layers\" : 0"));
    Manifest.of(dir, java.util.List.of(ModelArtifact.SPEC_FILE, ModelArtifact.WEIGHTS_FILE))
        .write(dir);
    assertThatThrownBy(() -> ModelArtifact.load(dir))
        .isInstanceOf(ArtifactException.class)
        .hasMessageContaining("stack.layers must be between 1 and 64, got 0");
  }

  @Test
  void refusesWeightsWithExtraOrMissingTensors() throws IOException {
    Path dir = write();
    Map<String, Tensor> t =
        new LinkedHashMap<>(TensorFiles.read(dir.resolve(ModelArtifact.WEIGHTS_FILE)));
    t.remove("weight_co_l1");
    t.put("surprise", Tensor.zeros(Tensor.DType.FLOAT32, 2));
    TensorFiles.write(dir.resolve(ModelArtifact.WEIGHTS_FILE), t);
    Manifest.of(dir, java.util.List.of(ModelArtifact.SPEC_FILE, ModelArtifact.WEIGHTS_FILE))
        .write(dir);
    assertThatThrownBy(() -> ModelArtifact.load(dir))
        .isInstanceOf(ArtifactException.class)
        .hasMessageContaining("missing weight 'weight_co_l1' (6,)")
        .hasMessageContaining("unexpected weight 'surprise'");
  }

  @Test
  void refusesToOverwriteANonEmptyDirectory() throws IOException {
    Path dir = write();
    assertThatThrownBy(() -> ModelArtifact.write(dir, RandomWeights.of(spec, 2), Map.of()))
        .isInstanceOf(ArtifactException.class)
        .hasMessageContaining("already exists");
  }

  private Path write() throws IOException {
    Path dir = tmp.resolve("artifact");
    ModelArtifact.write(dir, RandomWeights.of(spec, 1), Map.of());
    return dir;
  }

  /** An artifact's files in memory, as a store other than the local disk would hand them over. */
  private static ArtifactSource inMemory(String location, Path dir) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (var list = Files.list(dir)) {
      for (Path f : list.toList()) {
        files.put(f.getFileName().toString(), Files.readAllBytes(f));
      }
    }
    return new ArtifactSource() {
      @Override
      public String location() {
        return location;
      }

      @Override
      public byte[] read(String file) throws IOException {
        byte[] b = files.get(file);
        if (b == null) {
          throw new java.io.FileNotFoundException(file);
        }
        return b;
      }
    };
  }

  @Test
  void loadsFromAnotherSourceWhatItLoadsFromTheDirectory() throws IOException {
    Path dir = tmp.resolve("m");
    ModelArtifact.write(dir, RandomWeights.of(spec, 1), Map.of("training.json", "{}".getBytes()));
    ModelArtifact local = ModelArtifact.load(dir);
    ModelArtifact remote = ModelArtifact.load(inMemory("s3://bucket/m", dir));

    assertThat(remote.manifestSha256()).isEqualTo(local.manifestSha256());
    assertThat(remote.weights().tensors()).isEqualTo(local.weights().tensors());
    assertThat(remote.spec()).isEqualTo(local.spec());
    assertThat(remote.extra("training.json")).isEqualTo(local.extra("training.json"));
    assertThat(remote.location()).isEqualTo("s3://bucket/m");
    assertThatThrownBy(remote::directory).hasMessageContaining("s3://bucket/m");
  }

  @Test
  void loadsNpzWeightsFromAnotherSource() throws IOException {
    Path dir = write();
    Map<String, Tensor> t = TensorFiles.read(dir.resolve(ModelArtifact.WEIGHTS_FILE));
    Files.delete(dir.resolve(ModelArtifact.WEIGHTS_FILE));
    TensorFiles.write(dir.resolve(ModelArtifact.NPZ_WEIGHTS_FILE), t);
    Manifest.of(dir, java.util.List.of(ModelArtifact.SPEC_FILE, ModelArtifact.NPZ_WEIGHTS_FILE))
        .write(dir);

    assertThat(ModelArtifact.load(inMemory("gs://b/m", dir)).weights().tensors())
        .isEqualTo(ModelArtifact.load(dir).weights().tensors())
        .isEqualTo(t);
  }

  @Test
  void namesTheLocationOfAnAlteredOrMissingFileInAnotherSource() throws IOException {
    Path dir = write();
    Path weights = dir.resolve(ModelArtifact.WEIGHTS_FILE);
    byte[] bytes = Files.readAllBytes(weights);
    bytes[bytes.length - 3] ^= 0x10;
    Files.write(weights, bytes);
    assertThatThrownBy(() -> ModelArtifact.load(inMemory("s3://b/m", dir)))
        .isInstanceOf(ArtifactException.class)
        .isNotInstanceOf(ArtifactUnavailableException.class)
        .hasMessageContaining("s3://b/m/weights.safetensors: SHA-256 is");
    Files.delete(weights);
    assertThatThrownBy(() -> ModelArtifact.load(inMemory("s3://b/m", dir)))
        .isNotInstanceOf(ArtifactUnavailableException.class)
        .hasMessageContaining(
            "s3://b/m/weights.safetensors is listed in manifest.sha256 but missing");
    Files.delete(dir.resolve(Manifest.FILE));
    assertThatThrownBy(() -> ModelArtifact.load(inMemory("s3://b/m", dir)))
        .isNotInstanceOf(ArtifactUnavailableException.class)
        .hasMessageContaining("s3://b/m is not a model artifact: it has no manifest.sha256");
  }

  @Test
  void tellsAnUnreachableStoreFromABadArtifact() throws IOException {
    Path dir = write();
    ArtifactSource files = inMemory("s3://b/m", dir);
    ArtifactSource flaky =
        new ArtifactSource() {
          @Override
          public String location() {
            return files.location();
          }

          @Override
          public byte[] read(String file) throws IOException {
            if (file.equals(ModelArtifact.WEIGHTS_FILE)) {
              throw new java.net.SocketTimeoutException("read timed out");
            }
            return files.read(file);
          }
        };
    assertThatThrownBy(() -> ModelArtifact.load(flaky))
        .isInstanceOf(ArtifactUnavailableException.class)
        .hasMessageContaining("s3://b/m/weights.safetensors: cannot read: read timed out");
  }
}
