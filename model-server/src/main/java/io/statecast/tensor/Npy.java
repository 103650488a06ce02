package io.statecast.tensor;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.statecast.tensor.Tensor.DType;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One NumPy array in the {@code .npy} format, as specified in NumPy's NEP 1 and {@code
 * numpy/lib/format.py}.
 *
 * <p>Layout: the magic {@code \x93NUMPY}; a major and a minor version byte; the header length as a
 * little-endian uint16 (version 1.0) or uint32 (2.0 and 3.0); the header, a Python dict literal
 * (latin-1, UTF-8 in 3.0) such as {@code {'descr': '<f8', 'fortran_order': False, 'shape': (20, 3,
 * 4), }} padded with spaces and a newline so that the data starts at a multiple of 64 bytes; then
 * the values.
 *
 * <p>Reading supports the dtypes {@code <f2 <f4 <f8 <i4 <i8} and their big-endian {@code >} forms
 * (byte-swapped on reading). An array with {@code fortran_order: True} (what {@code np.save} writes
 * for a transposed matrix such as {@code W.T}) is reordered into row-major, so the tensor always
 * holds the same logical array NumPy would return. Headers longer than 10,000 bytes are refused, as
 * NumPy does by default. Writing always produces version 1.0, little-endian, C order, with the same
 * header bytes {@code np.save} writes; a bfloat16 tensor cannot be written (NumPy has no such
 * type).
 */
public final class Npy {

  /** The first six bytes of every {@code .npy} file. */
  static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  /** NumPy's default {@code max_header_size}. */
  static final int MAX_HEADER_BYTES = 10_000;

  private static final int ALIGN = 64;
  private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
  private static final int V1_PREFIX = MAGIC.length + 2 + 2;

  private Npy() {}

  /**
   * Reads the {@code .npy} file {@code file}, which must hold exactly one array and nothing more.
   */
  public static Tensor read(Path file) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      return read(in, file.toString(), Files.size(file));
    }
  }

  /**
   * Reads one array from {@code in}, leaving the stream just after its data.
   *
   * @param source names the stream in error messages, e.g. a file name
   */
  public static Tensor read(InputStream in, String source) throws IOException {
    return read(in, source, -1);
  }

  /**
   * Reads one array; {@code size}, when not negative, is the exact byte length the array must have
   * (an npz entry's size), checked before its data is read.
   */
  static Tensor read(InputStream in, String where, long size) throws IOException {
    Preamble preamble = readPreamble(in, where);
    NpyHeader header = NpyHeader.parse(preamble.header(), where);
    DType dtype = dtypeOf(header.descr(), where);
    int count = Shapes.elementCount(header.shape(), dtype, where);
    long dataBytes = (long) count * dtype.bytes();
    String declared =
        String.format(
            "header declares %s with shape %s, %d bytes of data",
            header.descr(), Shapes.text(header.shape()), dataBytes);
    if (size >= 0 && size - preamble.length() != dataBytes) {
      throw new TensorFormatException(
          where + ": " + declared + ", but " + (size - preamble.length()) + " follow the header");
    }
    byte[] raw = in.readNBytes((int) dataBytes);
    if (raw.length < dataBytes) {
      throw new TensorFormatException(
          where + ": truncated: " + declared + ", but only " + raw.length + " follow the header");
    }
    ByteOrder order =
        header.descr().charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    double[] values = Elements.decode(raw, dtype, order, where);
    int[] shape = Shapes.toInts(header.shape());
    return new Tensor(
        dtype, shape, header.fortranOrder() ? Shapes.fortranToC(values, shape) : values);
  }

  /** Writes {@code tensor} to the file {@code file} as {@code np.save} would. */
  public static void write(Path file, Tensor tensor) throws IOException {
    Files.write(file, encode(tensor, file.toString()));
  }

  /**
   * Writes {@code tensor} to {@code out} as {@code np.save} would.
   *
   * @param target names the destination in error messages
   */
  public static void write(OutputStream out, Tensor tensor, String target) throws IOException {
    out.write(encode(tensor, target));
  }

  /** The complete {@code .npy} bytes of {@code tensor}: version 1.0, little-endian, C order. */
  static byte[] encode(Tensor tensor, String where) throws TensorFormatException {
    byte[] header =
        NpyHeader.format(descrOf(tensor.dtype(), where), tensor.shape()).getBytes(UTF_8);
    int headerLength = header.length + 1; // with the final newline
    int pad = ALIGN - (V1_PREFIX + headerLength) % ALIGN;
    if (headerLength + pad > MAX_HEADER_BYTES) {
      throw new TensorFormatException(
          where + ": a shape of rank " + tensor.rank() + " does not fit a .npy header");
    }
    byte[] data = Elements.encode(tensor, where);
    long total = (long) V1_PREFIX + headerLength + pad + data.length;
    if (total > Shapes.MAX_TENSOR_BYTES) {
      throw new TensorFormatException(where + ": " + total + " bytes is too large for one array");
    }
    ByteBuffer buf = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
    buf.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) (headerLength + pad));
    buf.put(header).put(" ".repeat(pad).getBytes(UTF_8)).put((byte) '\n');
    return buf.put(data).array();
  }

  /** The header text and the number of bytes before the data. */
  private record Preamble(String header, long length) {}

  private static Preamble readPreamble(InputStream in, String where) throws IOException {
    byte[] start = in.readNBytes(MAGIC.length + 2);
    if (start.length < MAGIC.length || !Arrays.equals(start, 0, MAGIC.length, MAGIC, 0, 6)) {
      throw new TensorFormatException(
          where + ": not a .npy array: it starts with " + hex(start) + ", not \\x93NUMPY");
    }
    if (start.length < MAGIC.length + 2) {
      throw new TensorFormatException(where + ": truncated .npy array: no format version");
    }
    int major = start[6] & 0xff;
    int minor = start[7] & 0xff;
    if (major < 1 || major > 3 || minor != 0) {
      throw new TensorFormatException(
          where + ": unsupported .npy format version " + major + "." + minor + " (1.0 to 3.0)");
    }
    int fieldBytes = major == 1 ? 2 : 4;
    byte[] field = in.readNBytes(fieldBytes);
    if (field.length < fieldBytes) {
      throw new TensorFormatException(where + ": truncated .npy array: no header length");
    }
    field = Arrays.copyOf(field, 4);
    long headerLength = Integer.toUnsignedLong(ByteBuffer.wrap(field).order(LE).getInt());
    if (headerLength > MAX_HEADER_BYTES) {
      throw new TensorFormatException(
          where + ": .npy header length " + headerLength + " exceeds " + MAX_HEADER_BYTES);
    }
    byte[] header = in.readNBytes((int) headerLength);
    if (header.length < headerLength) {
      throw new TensorFormatException(
          where + ": truncated .npy header: " + header.length + " of " + headerLength + " bytes");
    }
    String text = decode(header, major == 3 ? UTF_8 : ISO_8859_1, where);
    return new Preamble(text, MAGIC.length + 2 + fieldBytes + headerLength);
  }

  private static String decode(byte[] bytes, Charset charset, String where)
      throws TensorFormatException {
    try {
      return charset
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new TensorFormatException(where + ": .npy header is not valid " + charset, e);
    }
  }

  private static DType dtypeOf(String descr, String where) throws TensorFormatException {
    char order = descr.isEmpty() ? '?' : descr.charAt(0);
    DType dtype =
        order != '<' && order != '>'
            ? null
            : switch (descr.substring(1)) {
              case "f2" -> DType.FLOAT16;
              case "f4" -> DType.FLOAT32;
              case "f8" -> DType.FLOAT64;
              case "i4" -> DType.INT32;
              case "i8" -> DType.INT64;
              default -> null;
            };
    if (dtype == null) {
      throw new TensorFormatException(
          where
              + ": unsupported dtype '"
              + descr
              + "' (supported: <f2, <f4, <f8, <i4, <i8 and their big-endian '>' forms)");
    }
    return dtype;
  }

  private static String descrOf(DType dtype, String where) throws TensorFormatException {
    return switch (dtype) {
      case FLOAT16 -> "<f2";
      case FLOAT32 -> "<f4";
      case FLOAT64 -> "<f8";
      case INT32 -> "<i4";
      case INT64 -> "<i8";
      case BFLOAT16 ->
          throw new TensorFormatException(
              where + ": NumPy has no bfloat16; convert first, e.g. tensor.as(DType.FLOAT32)");
    };
  }

  /** Up to the first eight bytes as hex, for messages. */
  static String hex(byte[] bytes) {
    if (bytes.length == 0) {
      return "nothing (empty)";
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(bytes.length, 8); i++) {
      sb.append(i == 0 ? "" : " ").append(String.format("%02x", bytes[i] & 0xff));
    }
    return sb.append(bytes.length > 8 ? " ..." : "").toString();
  }
}
