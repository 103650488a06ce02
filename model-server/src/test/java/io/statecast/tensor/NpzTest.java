package io.statecast.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecast.tensor.Tensor.DType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NpzTest {

  @TempDir Path dir;

  /** One tensor of every dtype, with edge values, a 0-d and two empty tensors. */
  static Map<String, Tensor> everyKind() {
    Map<String, Tensor> t = new LinkedHashMap<>();
    t.put(
        "f64",
        Tensor.ofDoubles(
            new int[] {2, 3},
            new double[] {Math.PI, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, 1e-300, Double.NaN}));
    t.put(
        "f32",
        Tensor.ofFloats(
            new int[] {4},
            new float[] {0.1f, Float.MIN_VALUE, -Float.MAX_VALUE, Float.NEGATIVE_INFINITY}));
    t.put(
        "f16",
        new Tensor(DType.FLOAT16, new int[] {3}, new double[] {0.0999755859375, -2.5, 0x1p-24}));
    t.put(
        "i32",
        new Tensor(
            DType.INT32, new int[] {3}, new double[] {Integer.MIN_VALUE, 0, Integer.MAX_VALUE}));
    t.put("i64", new Tensor(DType.INT64, new int[] {2}, new double[] {0x1p53, -0x1p53}));
    t.put("scalar", Tensor.ofDoubles(new int[] {}, new double[] {42.5}));
    t.put("empty", Tensor.zeros(DType.FLOAT32, 0, 3));
    t.put("empty_last", Tensor.zeros(DType.INT64, 2, 0));
    return t;
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void roundTripsDtypeShapeAndExactValuesStoredOrCompressed(boolean compressed) throws IOException {
    Path file = dir.resolve("weights.npz");
    Map<String, Tensor> tensors = everyKind();

    if (compressed) {
      Npz.writeCompressed(file, tensors);
    } else {
      Npz.write(file, tensors);
    }
    Map<String, Tensor> back = Npz.read(file);

    assertThat(back).containsExactlyEntriesOf(tensors);
  }

  @Test
  void writesTheSameBytesForTheSameTensors() throws IOException {
    Npz.write(dir.resolve("a.npz"), everyKind());
    Npz.write(dir.resolve("b.npz"), everyKind());

    assertThat(dir.resolve("a.npz")).hasSameBinaryContentAs(dir.resolve("b.npz"));
  }

  @Test
  void readsAndWritesAnEmptyArchive() throws IOException {
    Npz.write(dir.resolve("none.npz"), Map.of());

    assertThat(Npz.read(dir.resolve("none.npz"))).isEmpty();
  }

  @Test
  void readsNumpyCompressedArchiveWithFloat16BigEndianFortranScalarAndEmptyArrays()
      throws IOException {
    // Written by make_tensor_fixtures.py with np.savez_compressed; values printed by numpy.load.
    Map<String, Tensor> t = Npz.read(TestFiles.resource("tensor/numpy_features.npz"));

    assertThat(t.keySet())
        .containsExactly("f2", "be_f8", "fortran_i4", "scalar_i8", "empty_f4", "big_i8");
    assertThat(t.get("f2").dtype()).isEqualTo(DType.FLOAT16);
    assertThat(t.get("f2").data())
        .containsExactly(
            0.0999755859375, -2.5, 65504.0, 5.960464477539063e-08, Double.POSITIVE_INFINITY, -0.0);
    assertThat(t.get("be_f8").data()).containsExactly(0.1, 0.6, 1.1, 1.6, 2.1, 2.6);
    assertThat(t.get("fortran_i4").shape()).containsExactly(3, 4);
    assertThat(t.get("fortran_i4").data()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    assertThat(t.get("scalar_i8").shape()).isEmpty();
    assertThat(t.get("scalar_i8").data()).containsExactly(-7);
    assertThat(t.get("empty_f4").shape()).containsExactly(0, 3);
    assertThat(t.get("empty_f4").dtype()).isEqualTo(DType.FLOAT32);
    assertThat(t.get("big_i8").data()).containsExactly(9007199254740992.0, -9007199254740992.0);
  }

  @Test
  void rejectsATruncatedArchive() throws IOException {
    byte[] whole = Files.readAllBytes(TestFiles.resource("fixtures/lstm_f64_i4_h8_l2.npz"));
    Path cut = dir.resolve("cut.npz");
    Files.write(cut, Arrays.copyOf(whole, whole.length / 2));

    assertThatThrownBy(() -> Npz.read(cut))
        .isInstanceOf(TensorFormatException.class)
        .hasMessageStartingWith(cut + ": not a readable zip archive (truncated or corrupt)");
  }

  @Test
  void rejectsAFileThatIsNotAZipArchive() throws IOException {
    Path text = dir.resolve("text.npz");
    Files.writeString(text, "just some text, not a zip archive");

    assertThatThrownBy(() -> Npz.read(text))
        .isInstanceOf(TensorFormatException.class)
        .hasMessageStartingWith(text + ": not a readable zip archive");
  }

  @Test
  void rejectsAnEntryWhoseShapeDoesNotMatchItsData() throws IOException {
    String header = "{'descr': '<f8', 'fortran_order': False, 'shape': (4,), }";
    Path file = zip("short.npz", "w.npy", TestFiles.npy(1, header, TestFiles.float64s(1, 2)));

    assertThatThrownBy(() -> Npz.read(file))
        .isInstanceOf(TensorFormatException.class)
        .hasMessage(
            file
                + ": entry 'w.npy': header declares <f8 with shape (4,), 32 bytes of data,"
                + " but 16 follow the header");
  }

  @Test
  void rejectsAnEntryWithBytesAfterItsArray() throws IOException {
    String header = "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }";
    Path file = zip("long.npz", "w.npy", TestFiles.npy(1, header, TestFiles.float64s(1, 2)));

    assertThatThrownBy(() -> Npz.read(file))
        .hasMessage(
            file
                + ": entry 'w.npy': header declares <f8 with shape (1,), 8 bytes of data,"
                + " but 16 follow the header");
  }

  @Test
  void rejectsAnEntryThatIsNotAnNpyArray() throws IOException {
    Path file = zip("odd.npz", "readme.txt", new byte[] {'h', 'i'});

    assertThatThrownBy(() -> Npz.read(file))
        .isInstanceOf(TensorFormatException.class)
        .hasMessage(file + ": entry 'readme.txt' is not a .npy array (npz entries end in .npy)");
  }

  @Test
  void rejectsAnEntryWithBadMagic() throws IOException {
    Path file = zip("magic.npz", "x.npy", "not numpy at all".getBytes());

    assertThatThrownBy(() -> Npz.read(file))
        .isInstanceOf(TensorFormatException.class)
        .hasMessageStartingWith(file + ": entry 'x.npy': not a .npy array");
  }

  @Test
  void rejectsStoredDataThatNoLongerMatchesItsCrc() throws IOException {
    Path file = dir.resolve("flipped.npz");
    Npz.write(file, Map.of("x", Tensor.ofDoubles(new int[] {4}, new double[] {1, 2, 3, 4})));
    flipLastByteOfFirstEntry(file);

    assertThatThrownBy(() -> Npz.read(file))
        .isInstanceOf(TensorFormatException.class)
        .hasMessageStartingWith(file + ": entry 'x.npy': CRC-32 mismatch")
        .hasMessageEndingWith("the archive is corrupt");
  }

  @Test
  void rejectsCorruptCompressedData() throws IOException {
    Path file = dir.resolve("garbled.npz");
    double[] values = new double[64];
    Arrays.setAll(values, i -> Math.sin(i));
    Npz.writeCompressed(file, Map.of("x", Tensor.ofDoubles(new int[] {64}, values)));
    byte[] bytes = Files.readAllBytes(file);
    int start = dataStart(bytes);
    for (int i = start + 4; i < start + 40; i++) {
      bytes[i] = (byte) 0xff; // garble the deflate stream
    }
    Files.write(file, bytes);

    assertThatThrownBy(() -> Npz.read(file))
        .isInstanceOf(TensorFormatException.class)
        .hasMessageStartingWith(file + ": entry 'x.npy': ");
  }

  @Test
  void refusesToWriteATensorWithoutAName() {
    Map<String, Tensor> unnamed = Map.of("", Tensor.zeros(DType.FLOAT32, 1));

    assertThatThrownBy(() -> Npz.write(dir.resolve("x.npz"), unnamed))
        .isInstanceOf(TensorFormatException.class)
        .hasMessageContaining("x.npz: a tensor with an empty name");
    assertThat(dir.resolve("x.npz")).doesNotExist();
  }

  private Path zip(String name, String entry, byte[] content) throws IOException {
    Path file = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(file);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry(entry));
      zip.write(content);
      zip.closeEntry();
    }
    return file;
  }

  /** Offset of the first entry's data: after the 30-byte local header, its name and extra. */
  private static int dataStart(byte[] zip) {
    ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
    return 30 + (b.getShort(26) & 0xffff) + (b.getShort(28) & 0xffff);
  }

  private static void flipLastByteOfFirstEntry(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int end = dataStart(bytes) + b.getInt(18); // + compressed size
    bytes[end - 1] ^= 0x01;
    Files.write(file, bytes);
  }
}
