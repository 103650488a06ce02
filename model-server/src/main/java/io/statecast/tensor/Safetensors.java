package io.statecast.tensor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.statecast.tensor.SafetensorsHeader.Entry;
import io.statecast.tensor.SafetensorsHeader.Layout;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hugging Face's safetensors format (https://github.com/huggingface/safetensors, README "Format"):
 * an unsigned little-endian 64-bit header length N, N bytes of UTF-8 JSON {@code {"name": {"dtype":
 * "F32", "shape": [4, 8], "data_offsets": [begin, end]}, ..., "__metadata__": {"k": "v"}}}, then
 * the byte buffer, in which each tensor occupies {@code [begin, end)}, little-endian, row-major.
 *
 * <p>Reading validates everything before allocating a tensor: N is at most 100,000,000 (the
 * reference implementation's limit) and within the file, and the header is checked by {@link
 * SafetensorsHeader}. Supported dtypes are F16, BF16, F32, F64, I32 and I64; a file holding any
 * other is refused. Writing lays the tensors out in map order with the header padded to 8 bytes, as
 * the reference writer does.
 */
public final class Safetensors {

  /** The largest header the reference implementation accepts. */
  public static final long MAX_HEADER_BYTES = 100_000_000L;

  private static final int LENGTH_FIELD = 8;

  private Safetensors() {}

  /** Reads all tensors and the metadata of {@code file}. */
  public static SafetensorsFile read(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return read(channel.size(), channel::read, file.toString());
    }
  }

  /**
   * Reads all tensors and the metadata of a whole safetensors file held in memory.
   *
   * @param source names the file in error messages, e.g. its path or URI
   */
  public static SafetensorsFile read(byte[] content, String source) throws IOException {
    return read(
        content.length,
        (buf, position) -> {
          if (position >= content.length) {
            return -1;
          }
          int n = (int) Math.min(buf.remaining(), content.length - position);
          buf.put(content, (int) position, n);
          return n;
        },
        source);
  }

  /** Reads bytes at a position, as {@link FileChannel#read(ByteBuffer, long)} does. */
  @FunctionalInterface
  private interface PositionalRead {
    int read(ByteBuffer buf, long position) throws IOException;
  }

  private static SafetensorsFile read(long size, PositionalRead in, String source)
      throws IOException {
    long headerLength = headerLength(in, size, source);
    String json = utf8(readFully(in, LENGTH_FIELD, (int) headerLength, source), source);
    long dataStart = LENGTH_FIELD + headerLength;
    Layout layout = SafetensorsHeader.parse(json, size - dataStart, source);
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (Entry e : layout.entries()) {
      String where = source + ": tensor '" + e.name() + "'";
      byte[] raw = readFully(in, dataStart + e.begin(), (int) (e.end() - e.begin()), where);
      double[] values = Elements.decode(raw, e.dtype(), ByteOrder.LITTLE_ENDIAN, where);
      tensors.put(e.name(), new Tensor(e.dtype(), e.shape(), values));
    }
    return new SafetensorsFile(tensors, layout.metadata());
  }

  /** Writes {@code tensors} to {@code file} without metadata. */
  public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
    write(file, tensors, Map.of());
  }

  /** Writes {@code tensors}, in map order, and the string {@code metadata} to {@code file}. */
  public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata)
      throws IOException {
    String target = file.toString();
    List<byte[]> data = new ArrayList<>();
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      String name = e.getKey();
      if (name == null || name.isEmpty() || name.equals(SafetensorsHeader.METADATA_KEY)) {
        throw new TensorFormatException(target + ": invalid tensor name '" + name + "'");
      }
      if (e.getValue() == null) {
        throw new TensorFormatException(target + ": tensor '" + name + "' has no value");
      }
      data.add(Elements.encode(e.getValue(), target + ": tensor '" + name + "'"));
    }
    byte[] header = header(tensors, metadata, target);
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
      ByteBuffer length = ByteBuffer.allocate(LENGTH_FIELD).order(ByteOrder.LITTLE_ENDIAN);
      out.write(length.putLong(header.length).array());
      out.write(header);
      for (byte[] bytes : data) {
        out.write(bytes);
      }
    }
  }

  /**
   * The header bytes for {@code tensors} stored one after the other in map order: compact JSON,
   * {@code __metadata__} first when not empty, padded with spaces to a multiple of 8 bytes as the
   * reference writer does, so the data starts aligned.
   */
  private static byte[] header(
      Map<String, Tensor> tensors, Map<String, String> metadata, String target)
      throws TensorFormatException {
    ObjectNode root = SafetensorsHeader.JSON.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode meta = root.putObject(SafetensorsHeader.METADATA_KEY);
      metadata.forEach(meta::put);
    }
    long offset = 0;
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      Tensor t = e.getValue();
      long bytes = (long) t.size() * t.dtype().bytes();
      ObjectNode info = root.putObject(e.getKey());
      info.put("dtype", SafetensorsHeader.dtypeName(t.dtype()));
      ArrayNode shape = info.putArray("shape");
      for (int d : t.shape()) {
        shape.add(d);
      }
      info.putArray("data_offsets").add(offset).add(offset + bytes);
      offset += bytes;
    }
    try {
      byte[] json = SafetensorsHeader.JSON.writeValueAsBytes(root); // UTF-8
      byte[] padded = Arrays.copyOf(json, json.length + (8 - json.length % 8) % 8);
      Arrays.fill(padded, json.length, padded.length, (byte) ' ');
      return padded;
    } catch (JsonProcessingException e) {
      throw new TensorFormatException(target + ": cannot write the header: " + e.getMessage(), e);
    }
  }

  /** The header length N, checked against the limit and the file size. */
  private static long headerLength(PositionalRead channel, long size, String source)
      throws IOException {
    if (size < LENGTH_FIELD) {
      throw new TensorFormatException(
          source + ": " + size + " bytes is too short for the 8-byte safetensors header length");
    }
    byte[] field = readFully(channel, 0, LENGTH_FIELD, source);
    long n = ByteBuffer.wrap(field).order(ByteOrder.LITTLE_ENDIAN).getLong();
    if (n < 0 || n > MAX_HEADER_BYTES) {
      throw new TensorFormatException(
          source
              + ": header length "
              + Long.toUnsignedString(n)
              + " exceeds the safetensors limit of "
              + MAX_HEADER_BYTES
              + " bytes");
    }
    if (n > size - LENGTH_FIELD) {
      throw new TensorFormatException(
          source + ": header length " + n + " runs past the end of the file (" + size + " bytes)");
    }
    return n;
  }

  private static byte[] readFully(PositionalRead channel, long position, int length, String where)
      throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(length);
    while (buf.hasRemaining()) {
      if (channel.read(buf, position + buf.position()) < 0) {
        throw new TensorFormatException(
            where + ": file ended at " + (position + buf.position()) + " while reading");
      }
    }
    return buf.array();
  }

  private static String utf8(byte[] bytes, String source) throws TensorFormatException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new TensorFormatException(source + ": header is not valid UTF-8", e);
    }
  }
}
