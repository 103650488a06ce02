package io.statecast.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecast.tensor.Tensor.DType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NpyTest {

  private static final String C_23 = "{'descr': '<i4', 'fortran_order': False, 'shape': (2, 3), }";

  private static Tensor read(byte[] bytes) throws IOException {
    return Npy.read(new ByteArrayInputStream(bytes), "demo.npy");
  }

  @ParameterizedTest
  @CsvSource({"tensor/v2_f4.npy", "tensor/v3_f4.npy"})
  void readsFormatVersion2And3HeadersWrittenByNumpy(String file) throws IOException {
    Tensor t = Npy.read(TestFiles.resource(file));

    assertThat(t.dtype()).isEqualTo(DType.FLOAT32);
    assertThat(t.shape()).containsExactly(2, 3);
    assertThat(t.data()).containsExactly(0, 0.25, 0.5, 0.75, 1, 1.25);
  }

  @Test
  void writesTheSameBytesAsNpSave() throws IOException {
    Tensor matrix =
        Tensor.ofDoubles(new int[] {2, 3}, new double[] {-1.5, -0.5, 0.5, 1.5, 2.5, 3.5});
    Tensor scalar = Tensor.ofFloats(new int[] {}, new float[] {3.25f});
    Tensor ints = new Tensor(DType.INT64, new int[] {5}, new double[] {-2, -1, 0, 1, 2});

    assertThat(Npy.encode(matrix, "m")).isEqualTo(bytesOf("tensor/save_f8_2x3.npy"));
    assertThat(Npy.encode(scalar, "s")).isEqualTo(bytesOf("tensor/save_f4_scalar.npy"));
    assertThat(Npy.encode(ints, "i")).isEqualTo(bytesOf("tensor/save_i8_5.npy"));
  }

  private static byte[] bytesOf(String resource) throws IOException {
    return Files.readAllBytes(TestFiles.resource(resource));
  }

  @Test
  void writesToAStreamWhatItReadsBack() throws IOException {
    Tensor t = new Tensor(DType.FLOAT16, new int[] {3}, new double[] {0.5, -2, 65504});
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    Npy.write(out, t, "demo.npy");

    assertThat(read(out.toByteArray())).isEqualTo(t);
  }

  @Test
  void readsFortranOrderIntoRowMajor() throws IOException {
    String header = "{'descr': '<i4', 'fortran_order': True, 'shape': (2, 3), }";
    byte[] columnMajor = TestFiles.int32s(ByteOrder.LITTLE_ENDIAN, 1, 4, 2, 5, 3, 6);

    Tensor t = read(TestFiles.npy(1, header, columnMajor));

    assertThat(t.shape()).containsExactly(2, 3);
    assertThat(t.data()).containsExactly(1, 2, 3, 4, 5, 6);
  }

  @Test
  void readsBigEndianData() throws IOException {
    String header = "{'descr': '>i4', 'fortran_order': False, 'shape': (2, 3), }";
    byte[] data = TestFiles.int32s(ByteOrder.BIG_ENDIAN, 1, -2, 3, 1 << 20, 5, -6);

    assertThat(read(TestFiles.npy(1, header, data)).data())
        .containsExactly(1, -2, 3, 1 << 20, 5, -6);
  }

  @Test
  void leavesTheStreamJustAfterTheArray() throws IOException {
    byte[] one =
        TestFiles.npy(1, C_23, TestFiles.int32s(ByteOrder.LITTLE_ENDIAN, 1, 2, 3, 4, 5, 6));
    byte[] two = new byte[2 * one.length];
    System.arraycopy(one, 0, two, 0, one.length);
    System.arraycopy(one, 0, two, one.length, one.length);
    InputStream in = new ByteArrayInputStream(two);

    assertThat(Npy.read(in, "demo.npy")).isEqualTo(Npy.read(in, "demo.npy"));
    assertThat(in.read()).isEqualTo(-1);
  }

  @Test
  void rejectsBadMagicNamingTheSourceAndTheBytesFound() {
    byte[] zip = {'P', 'K', 3, 4, 20, 0, 0, 0, 0, 0};

    assertThatThrownBy(() -> read(zip))
        .isInstanceOf(TensorFormatException.class)
        .hasMessage(
            "demo.npy: not a .npy array: it starts with 50 4b 03 04 14 00 00 00, not \\x93NUMPY");
  }

  @Test
  void rejectsAnUnknownFormatVersion() {
    byte[] v4 = TestFiles.npy(1, C_23, new byte[24]);
    v4[6] = 4;

    assertThatThrownBy(() -> read(v4))
        .isInstanceOf(TensorFormatException.class)
        .hasMessageContaining("demo.npy: unsupported .npy format version 4.0");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "'<u2' | unsupported dtype '<u2'",
        "'<b1' | unsupported dtype '<b1'",
        "'<c16' | unsupported dtype '<c16'",
        "'=f8' | unsupported dtype '=f8'",
        "[('a', '<f4')] | expected a string, True, False or a tuple of ints"
      })
  void rejectsUnsupportedDescr(String descr, String problem) {
    String header = "{'descr': " + descr + ", 'fortran_order': False, 'shape': (2,), }";

    assertThatThrownBy(() -> read(TestFiles.npy(1, header, new byte[16])))
        .isInstanceOf(TensorFormatException.class)
        .hasMessageStartingWith("demo.npy: ")
        .hasMessageContaining(problem);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "{'descr': '<i4', 'fortran_order': False} | lacks the key 'shape'",
        "{'descr': '<i4', 'fortran_order': False, 'shape': (6,), 'x': 1} | expected a string, True",
        "{'descr': '<i4', 'fortran_order': False, 'shape': (6,), 'x': 'y'} | unexpected key 'x'",
        "{'descr': '<i4', 'fortran_order': False, 'shape': (6)} | a one-element shape is written (n,)",
        "{'descr': '<i4', 'fortran_order': False, 'shape': (2, -3)} | negative extent -3",
        "{'descr': '<i4', 'fortran_order': 'no', 'shape': (6,)} | fortran_order is not True or False",
        "{'descr': '<i4', 'fortran_order': False, 'shape': [6]} | expected a string, True, False",
        "{'descr': '<i4', 'fortran_order': False, 'shape': 'six'} | shape is not a tuple of ints",
        "{'descr': '<i4', 'fortran_order': False, 'shape': (6,)} extra | unexpected text after",
        "{'descr': '<i4', 'descr': '<i4', 'fortran_order': False, 'shape': (6,)} | appears twice",
        "{'descr': '<i4', 'fortran_order': False, 'shape': (99999999999999999999,)} | fits 64 bits",
        "{'descr': '<i4', 'fortran_order': False, 'shape': (6,) | expected ',' or '}'",
        "{'descr' '<i4', 'fortran_order': False, 'shape': (6,)} | expected ':'",
        "__import__('os').system('true') | expected '{'"
      })
  void rejectsMalformedHeadersWithoutEvaluatingThem(String header, String problem) {
    assertThatThrownBy(() -> read(TestFiles.npy(1, header, new byte[24])))
        .isInstanceOf(TensorFormatException.class)
        .hasMessageStartingWith("demo.npy: ")
        .hasMessageContaining(problem)
        .hasNoSuppressedExceptions();
  }

  @Test
  void readsPython2LongsInTheShape() throws IOException {
    String header = "{'descr': '<i4', 'fortran_order': False, 'shape': (2L, 3L), }";

    assertThat(read(TestFiles.npy(1, header, new byte[24])).shape()).containsExactly(2, 3);
  }

  @Test
  void rejectsDataShorterThanTheShapeDeclares() {
    String header = "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }";

    assertThatThrownBy(() -> read(TestFiles.npy(1, header, TestFiles.float64s(1, 2))))
        .isInstanceOf(TensorFormatException.class)
        .hasMessage(
            "demo.npy: truncated: header declares <f8 with shape (3,), 24 bytes of data,"
                + " but only 16 follow the header");
  }

  @Test
  void rejectsAHugeDeclaredShapeWithoutAllocatingIt() {
    String header = "{'descr': '<f8', 'fortran_order': False, 'shape': (1048576, 1048576), }";

    assertThatThrownBy(() -> read(TestFiles.npy(1, header, new byte[64])))
        .isInstanceOf(TensorFormatException.class)
        .hasMessageContaining("demo.npy: shape (1048576, 1048576) declares 1099511627776 values")
        .hasMessageContaining("more than the 2147483639 bytes one tensor may hold");
  }

  @Test
  void rejectsAHeaderLengthBeyondNumpysLimitWithoutReadingIt() {
    byte[] v2 = TestFiles.npy(2, C_23, new byte[24]);
    v2[8] = 0;
    v2[9] = 0;
    v2[10] = 0;
    v2[11] = 0x40; // 2^30 bytes of header

    assertThatThrownBy(() -> read(v2))
        .isInstanceOf(TensorFormatException.class)
        .hasMessage("demo.npy: .npy header length 1073741824 exceeds 10000");
  }

  @Test
  void rejectsATruncatedHeader() {
    byte[] whole = TestFiles.npy(1, C_23, new byte[0]);
    byte[] cut = java.util.Arrays.copyOf(whole, 30);

    assertThatThrownBy(() -> read(cut))
        .isInstanceOf(TensorFormatException.class)
        .hasMessage("demo.npy: truncated .npy header: 20 of 118 bytes");
  }

  @Test
  void rejectsInt64ValuesADoubleCannotHoldExactly() {
    String header = "{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }";
    byte[] data = new byte[16];
    java.nio.ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).putLong(8, (1L << 53) + 1);

    assertThatThrownBy(() -> read(TestFiles.npy(1, header, data)))
        .isInstanceOf(TensorFormatException.class)
        .hasMessage(
            "demo.npy: int64 value 9007199254740993 at index 1 is beyond 2^53, not exact in double");
  }

  @Test
  void refusesToWriteBfloat16WhichNumpyLacks() {
    Tensor t = new Tensor(DType.BFLOAT16, new int[] {1}, new double[] {1});

    assertThatThrownBy(() -> Npy.write(new ByteArrayOutputStream(), t, "out.npy"))
        .isInstanceOf(TensorFormatException.class)
        .hasMessage("out.npy: NumPy has no bfloat16; convert first, e.g. tensor.as(DType.FLOAT32)");
  }

  @Test
  void refusesToWriteIntegerTensorsHoldingFractionsOrOutOfRangeValues() {
    Tensor frac = new Tensor(DType.INT32, new int[] {2}, new double[] {1, 2.5});
    Tensor big = new Tensor(DType.INT32, new int[] {1}, new double[] {1L << 31});

    assertThatThrownBy(() -> Npy.write(new ByteArrayOutputStream(), frac, "out.npy"))
        .hasMessage(
            "out.npy: value 2.5 at index 1 is not a whole number within the range of INT32");
    assertThatThrownBy(() -> Npy.write(new ByteArrayOutputStream(), big, "out.npy"))
        .hasMessageContaining("value 2.147483648E9 at index 0 is not a whole number");
  }
}
