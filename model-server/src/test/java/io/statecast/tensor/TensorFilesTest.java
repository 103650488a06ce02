package io.statecast.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecast.tensor.Tensor.DType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TensorFilesTest {

  @TempDir Path dir;

  private static final Map<String, Tensor> WEIGHTS =
      Map.of("w", Tensor.ofFloats(new int[] {2, 2}, new float[] {1, 2, 3, 4}));

  @Test
  void readsTheFixturesAsNpzDoes() throws IOException {
    Path fixture = TestFiles.resource("fixtures/lstm_f32_i4_h8_l2.npz");

    assertThat(TensorFiles.read(fixture)).containsExactlyEntriesOf(Npz.read(fixture));
  }

  @Test
  void writesTheFormatItsExtensionNames() throws IOException {
    Path npz = dir.resolve("w.npz");
    Path safetensors = dir.resolve("w.SafeTensors");
    Path npy = dir.resolve("w.npy");

    TensorFiles.write(npz, WEIGHTS);
    TensorFiles.write(safetensors, WEIGHTS);
    TensorFiles.write(npy, WEIGHTS);

    assertThat(Npz.read(npz)).isEqualTo(WEIGHTS);
    assertThat(Safetensors.read(safetensors).tensors()).isEqualTo(WEIGHTS);
    assertThat(Npy.read(npy)).isEqualTo(WEIGHTS.get("w"));
  }

  @Test
  void readsByContentWhateverTheExtension() throws IOException {
    Path npzInDisguise = dir.resolve("weights.bin");
    Path safetensorsInDisguise = dir.resolve("weights.dat");
    Npz.write(npzInDisguise, WEIGHTS);
    Safetensors.write(safetensorsInDisguise, WEIGHTS);

    assertThat(TensorFiles.read(npzInDisguise)).isEqualTo(WEIGHTS);
    assertThat(TensorFiles.read(safetensorsInDisguise)).isEqualTo(WEIGHTS);
  }

  @Test
  void readsASingleNpyArrayNamedAfterTheFile() throws IOException {
    Path npy = dir.resolve("bias_ih_l0.npy");
    Npy.write(npy, Tensor.zeros(DType.INT32, 3));

    assertThat(TensorFiles.read(npy)).containsOnlyKeys("bias_ih_l0");
  }

  @Test
  void rejectsAFileNamedNpzThatIsNotAZipArchive() throws IOException {
    Path file = dir.resolve("w.npz");
    Safetensors.write(file, WEIGHTS);

    assertThatThrownBy(() -> TensorFiles.read(file))
        .isInstanceOf(TensorFormatException.class)
        .hasMessageStartingWith(file + ": named .npz but starts with ")
        .hasMessageEndingWith(", not the zip signature 'PK'");
  }

  @Test
  void rejectsAnEmptyFile() throws IOException {
    Path file = Files.createFile(dir.resolve("w.safetensors"));

    assertThatThrownBy(() -> TensorFiles.read(file))
        .isInstanceOf(TensorFormatException.class)
        .hasMessage(file + ": the file is empty");
  }

  @Test
  void readsUnrecognisedContentAsSafetensorsAndSaysWhatIsWrong() throws IOException {
    Path file = dir.resolve("notes.txt");
    Files.writeString(file, "hello, these are not weights");

    assertThatThrownBy(() -> TensorFiles.read(file))
        .isInstanceOf(TensorFormatException.class)
        .hasMessageContaining(file + ": header length")
        .hasMessageContaining("exceeds the safetensors limit");
  }

  @Test
  void refusesToWriteAnUnknownExtension() {
    Path file = dir.resolve("weights.bin");

    assertThatThrownBy(() -> TensorFiles.write(file, WEIGHTS))
        .isInstanceOf(TensorFormatException.class)
        .hasMessage(
            file + ": cannot tell the weight format from the name; use .npz, .safetensors or .npy");
    assertThat(file).doesNotExist();
  }

  @Test
  void refusesToWriteSeveralTensorsToOneNpyFile() {
    Map<String, Tensor> two =
        Map.of("a", Tensor.zeros(DType.FLOAT32, 1), "b", Tensor.zeros(DType.FLOAT32, 1));

    assertThatThrownBy(() -> TensorFiles.write(dir.resolve("two.npy"), two))
        .isInstanceOf(TensorFormatException.class)
        .hasMessageEndingWith("two.npy: a .npy file holds one tensor, not 2");
  }

  @Test
  void passesAMissingFileOnAsAnOrdinaryIoError() {
    Path missing = dir.resolve("missing.npz");

    assertThatThrownBy(() -> TensorFiles.read(missing))
        .isInstanceOf(java.nio.file.NoSuchFileException.class);
  }

  @Test
  void readsContentInMemoryAsItReadsTheFile() throws IOException {
    Path fixture = TestFiles.resource("fixtures/lstm_f32_i4_h8_l2.npz");
    Path safetensors = dir.resolve("w.safetensors");
    Path npy = dir.resolve("bias_ih_l0.npy");
    Safetensors.write(safetensors, WEIGHTS);
    Npy.write(npy, WEIGHTS.get("w"));

    for (Path file : new Path[] {fixture, safetensors, npy}) {
      assertThat(TensorFiles.read(Files.readAllBytes(file), "s3://bucket/m/" + file.getFileName()))
          .containsExactlyEntriesOf(TensorFiles.read(file));
    }
  }

  @Test
  void namesTheSourceOfTruncatedContent() throws IOException {
    Path safetensors = dir.resolve("w.safetensors");
    Safetensors.write(safetensors, WEIGHTS);
    byte[] bytes = Files.readAllBytes(safetensors);
    byte[] half = java.util.Arrays.copyOf(bytes, bytes.length - 4);

    assertThatThrownBy(() -> TensorFiles.read(half, "gs://b/m/weights.safetensors"))
        .isInstanceOf(TensorFormatException.class)
        .hasMessageStartingWith("gs://b/m/weights.safetensors: ");
    assertThatThrownBy(() -> TensorFiles.read(new byte[] {1, 2, 3}, "gs://b/m/weights.npz"))
        .isInstanceOf(TensorFormatException.class)
        .hasMessageContaining("gs://b/m/weights.npz: named .npz");
  }
}
