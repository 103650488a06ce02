package io.statecast.tensor;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecast.tensor.Tensor.DType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SafetensorsTest {

  @TempDir Path dir;

  private Path file(String json, byte[] data) throws IOException {
    Path file = dir.resolve("weights.safetensors");
    Files.write(file, TestFiles.safetensors(json, data));
    return file;
  }

  @Test
  void roundTripsDtypeShapeExactValuesAndMetadata() throws IOException {
    Map<String, Tensor> tensors = NpzTest.everyKind();
    tensors.put(
        "bf16", new Tensor(DType.BFLOAT16, new int[] {3}, new double[] {3.140625, -0x1p-133, 1}));
    Map<String, String> metadata = Map.of("format", "pt", "statecast.hidden", "8");
    Path file = dir.resolve("w.safetensors");

    Safetensors.write(file, tensors, metadata);
    SafetensorsFile back = Safetensors.read(file);

    assertThat(back.tensors()).containsExactlyEntriesOf(tensors);
    assertThat(back.metadata()).containsExactlyInAnyOrderEntriesOf(metadata);
    assertThat(Files.size(file) % 8).isZero(); // header padded so the data is 8-byte aligned
  }

  @Test
  void writesTheBytesOfTheReferenceImplementation() throws IOException {
    // safetensors/src/tensor.rs, test_serialization_forced_alignement: 7 spaces pad to 72 bytes.
    Path file = dir.resolve("ref.safetensors");
    Tensor attn0 = Tensor.ofFloats(new int[] {1, 1, 2, 3}, new float[] {0, 1, 2, 3, 4, 5});

    Safetensors.write(file, Map.of("attn0", attn0));

    String json = "{\"attn0\":{\"dtype\":\"F32\",\"shape\":[1,1,2,3],\"data_offsets\":[0,24]}}";
    byte[] data = new byte[24];
    ByteBuffer.wrap(data)
        .order(ByteOrder.LITTLE_ENDIAN)
        .asFloatBuffer()
        .put(new float[] {0, 1, 2, 3, 4, 5});
    assertThat(Files.readAllBytes(file)).isEqualTo(TestFiles.safetensors(json + "       ", data));
  }

  @Test
  void writesMetadataFirstLikeTheReferenceImplementation() throws IOException {
    // safetensors/src/tensor.rs, test_empty: no tensors, metadata {"framework": "pt"}.
    Path file = dir.resolve("meta.safetensors");

    Safetensors.write(file, Map.of(), Map.of("framework", "pt"));

    String json = "{\"__metadata__\":{\"framework\":\"pt\"}}     ";
    assertThat(Files.readAllBytes(file)).isEqualTo(TestFiles.safetensors(json, new byte[0]));
    assertThat(Safetensors.read(file).metadata()).containsExactly(Map.entry("framework", "pt"));
  }

  @Test
  void readsTensorsInDataOrderWhateverTheirOrderInTheHeader() throws IOException {
    String json =
        "{\"b\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[4,8]},"
            + "\"a\":{\"dtype\":\"I32\",\"shape\":[],\"data_offsets\":[0,4]}}";

    SafetensorsFile read =
        Safetensors.read(file(json, TestFiles.int32s(ByteOrder.LITTLE_ENDIAN, 7, -9)));

    assertThat(read.tensors().keySet()).containsExactly("a", "b");
    assertThat(read.tensors().get("a").shape()).isEmpty();
    assertThat(read.tensors().get("a").data()).containsExactly(7);
    assertThat(read.tensors().get("b").data()).containsExactly(-9);
    assertThat(read.metadata()).isEmpty();
  }

  @Test
  void rejectsAHeaderLengthBeyondTheFile() throws IOException {
    Path file = dir.resolve("short.safetensors");
    byte[] bytes = TestFiles.safetensors("{}", new byte[0]);
    bytes[0] = (byte) 200;
    Files.write(file, bytes);

    assertThatThrownBy(() -> Safetensors.read(file))
        .isInstanceOf(TensorFormatException.class)
        .hasMessage(file + ": header length 200 runs past the end of the file (10 bytes)");
  }

  @Test
  void rejectsAHeaderLengthAboveTheFormatsLimitWithoutReadingIt() throws IOException {
    Path file = dir.resolve("huge.safetensors");
    byte[] bytes = TestFiles.safetensors("{}", new byte[0]);
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1L); // 2^64 - 1
    Files.write(file, bytes);

    assertThatThrownBy(() -> Safetensors.read(file))
        .isInstanceOf(TensorFormatException.class)
        .hasMessage(
            file
                + ": header length 18446744073709551615 exceeds the safetensors limit of"
                + " 100000000 bytes");
  }

  @Test
  void rejectsAFileTooShortForTheHeaderLength() throws IOException {
    Path file = dir.resolve("tiny.safetensors");
    Files.write(file, new byte[] {1, 2, 3});

    assertThatThrownBy(() -> Safetensors.read(file))
        .isInstanceOf(TensorFormatException.class)
        .hasMessage(file + ": 3 bytes is too short for the 8-byte safetensors header length");
  }

  @Test
  void rejectsTheExampleOfABadByteLength() throws IOException {
    String json = "{\"weight_ih_l0\":{\"dtype\":\"F32\",\"shape\":[4,8],\"data_offsets\":[0,96]}}";
    Path file = file(json, new byte[96]);

    assertThatThrownBy(() -> Safetensors.read(file))
        .isInstanceOf(TensorFormatException.class)
        .hasMessage(
            file
                + ": tensor 'weight_ih_l0' declares 128 bytes (F32 (4, 8)) but its offsets span 96");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        // what | header | data bytes | message after the file name
        "invalid JSON | {\"a\":{\"dtype\":\"F32\", | 0 | : header is not valid JSON: ",
        "not an object | [1, 2] | 0 | : header is not a JSON object",
        "duplicate key | {\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]},"
            + "\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}} | 4"
            + " | : header is not valid JSON: Duplicate field 'a'",
        "trailing JSON | {} {} | 0 | : header is not valid JSON: ",
        "overlapping offsets | {\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[8,24]}} | 24"
            + " | : tensor 'b' at [8, 24] overlaps tensor 'a', which ends at 16",
        "gap | {\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[16,24]}} | 24"
            + " | : gap of 8 bytes before tensor 'b' at offset 8",
        "offsets beyond the buffer | {\"a\":{\"dtype\":\"F32\",\"shape\":[100],"
            + "\"data_offsets\":[0,400]}} | 16"
            + " | : tensor 'a' has data_offsets [0, 400] outside the data buffer of 16 bytes",
        "reversed offsets | {\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,0]}} | 8"
            + " | : tensor 'a' has data_offsets [8, 0] outside the data buffer of 8 bytes",
        "trailing data | {\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}} | 12"
            + " | : the tensors cover 4 bytes but the data buffer holds 12 (trailing bytes)",
        "huge declared size | {\"a\":{\"dtype\":\"F32\",\"shape\":[1048576,1048576],"
            + "\"data_offsets\":[0,16]}} | 16"
            + " | : tensor 'a': shape (1048576, 1048576) declares 1099511627776 values",
        "unsupported dtype | {\"m\":{\"dtype\":\"BOOL\",\"shape\":[2],\"data_offsets\":[0,2]}} | 2"
            + " | : tensor 'm' has dtype 'BOOL', which is not supported",
        "unknown field | {\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"offsets\":[0,4]}} | 4"
            + " | : tensor 'a' has an unexpected field 'offsets'",
        "missing offsets | {\"a\":{\"dtype\":\"F32\",\"shape\":[1]}} | 4"
            + " | : tensor 'a' has no data_offsets as an array of 2 integers",
        "fractional extent | {\"a\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}} | 4"
            + " | : tensor 'a' has shape [1.5] with a value that is not a size: 1.5",
        "negative offset | {\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[-4,0]}} | 4"
            + " | : tensor 'a' has data_offsets [-4,0] with a value that is not a size: -4",
        "huge offset | {\"a\":{\"dtype\":\"F32\",\"shape\":[1],"
            + "\"data_offsets\":[0,99999999999999999999]}} | 4"
            + " | : tensor 'a' has data_offsets [0,99999999999999999999] with a value that is not",
        "non-string metadata | {\"__metadata__\":{\"layers\":2}} | 0"
            + " | : __metadata__ value of 'layers' is not a string",
        "tensor not an object | {\"a\":[1]} | 0 | : tensor 'a' is not described by a JSON object"
      })
  void rejectsMalformedHeaders(String what, String json, int dataBytes, String message)
      throws IOException {
    Path file = file(json, new byte[dataBytes]);

    assertThatThrownBy(() -> Safetensors.read(file))
        .as(what)
        .isInstanceOf(TensorFormatException.class)
        .hasMessageStartingWith(file + message);
  }

  @Test
  void rejectsAHeaderThatIsNotUtf8() throws IOException {
    Path file = dir.resolve("latin.safetensors");
    byte[] header = "{\"caf\u00e9\":{}}".getBytes(ISO_8859_1); // a lone 0xe9 is not UTF-8
    ByteBuffer bytes = ByteBuffer.allocate(8 + header.length).order(ByteOrder.LITTLE_ENDIAN);
    Files.write(file, bytes.putLong(header.length).put(header).array());

    assertThatThrownBy(() -> Safetensors.read(file))
        .isInstanceOf(TensorFormatException.class)
        .hasMessage(file + ": header is not valid UTF-8");
  }

  @Test
  void rejectsInt64ValuesADoubleCannotHoldExactly() throws IOException {
    String json = "{\"n\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}";
    byte[] data =
        ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(Long.MAX_VALUE).array();
    Path file = file(json, data);

    assertThatThrownBy(() -> Safetensors.read(file))
        .isInstanceOf(TensorFormatException.class)
        .hasMessageStartingWith(file + ": tensor 'n': int64 value 9223372036854775807 at index 0");
  }

  @Test
  void refusesToWriteATensorNamedLikeTheMetadata() {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    tensors.put("__metadata__", Tensor.zeros(DType.FLOAT32, 1));
    Path file = dir.resolve("bad.safetensors");

    assertThatThrownBy(() -> Safetensors.write(file, tensors))
        .isInstanceOf(TensorFormatException.class)
        .hasMessage(file + ": invalid tensor name '__metadata__'");
  }
}
