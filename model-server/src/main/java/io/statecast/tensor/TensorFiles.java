package io.statecast.tensor;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads and writes named tensors in whichever weight format a file uses: {@link Npz .npz}, {@link
 * Safetensors .safetensors}, or a single {@link Npy .npy} array.
 *
 * <p>Reading decides by content, the extension only sharpening the error: a zip signature {@code
 * PK} means npz, the {@code \x93NUMPY} magic means npy (one tensor named after the file), anything
 * else is read as safetensors, except in a file named {@code .npz} or {@code .npy}, which is then
 * refused as not being what its name says. Writing decides by extension alone.
 */
public final class TensorFiles {

  private static final byte[] ZIP_MAGIC = {'P', 'K'};

  private TensorFiles() {}

  /**
   * The tensors of {@code file} in file order.
   *
   * @throws TensorFormatException when the file is empty, not in a supported format, or malformed
   */
  public static Map<String, Tensor> read(Path file) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(Npy.MAGIC.length);
    }
    String source = file.toString();
    return switch (formatOf(head, source)) {
      case NPZ -> Npz.read(file);
      case NPY -> single(source, Npy.read(file));
      case SAFETENSORS -> Safetensors.read(file).tensors();
    };
  }

  /**
   * The tensors of a whole weights file held in memory (e.g. fetched from an object store), read as
   * {@link #read(Path)} reads a file.
   *
   * @param source the file's path or URI: names it in error messages, and its extension sharpens
   *     them as for a file
   * @throws TensorFormatException when the content is empty, not in a supported format, or
   *     malformed
   */
  public static Map<String, Tensor> read(byte[] content, String source) throws IOException {
    byte[] head = Arrays.copyOf(content, Math.min(content.length, Npy.MAGIC.length));
    return switch (formatOf(head, source)) {
      case NPZ -> Npz.read(content, source);
      case NPY ->
          single(
              source, Npy.read(new ByteArrayInputStream(content), source, (long) content.length));
      case SAFETENSORS -> Safetensors.read(content, source).tensors();
    };
  }

  private enum Format {
    NPZ,
    NPY,
    SAFETENSORS
  }

  /** The format by content, refusing a file whose name promises another. */
  private static Format formatOf(byte[] head, String source) throws TensorFormatException {
    String extension = extension(source);
    if (head.length == 0) {
      throw new TensorFormatException(source + ": the file is empty");
    }
    if (startsWith(head, ZIP_MAGIC)) {
      return Format.NPZ;
    }
    if (startsWith(head, Npy.MAGIC)) {
      return Format.NPY;
    }
    if (extension.equals("npz") || extension.equals("npy")) {
      throw new TensorFormatException(
          source
              + ": named ."
              + extension
              + " but starts with "
              + Npy.hex(head)
              + ", not the "
              + (extension.equals("npz") ? "zip signature 'PK'" : ".npy magic \\x93NUMPY"));
    }
    return Format.SAFETENSORS;
  }

  /** One {@code .npy} array, named after its file. */
  private static Map<String, Tensor> single(String source, Tensor tensor) {
    Map<String, Tensor> single = new LinkedHashMap<>();
    single.put(stem(source), tensor);
    return single;
  }

  /**
   * Writes {@code tensors} in the format named by the extension of {@code file}: {@code .npz},
   * {@code .safetensors}, or {@code .npy} for exactly one tensor (its name is not stored).
   *
   * @throws TensorFormatException for another extension, or a tensor the format cannot hold
   */
  public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
    String source = file.toString();
    switch (extension(file.toString())) {
      case "npz" -> Npz.write(file, tensors);
      case "safetensors" -> Safetensors.write(file, tensors);
      case "npy" -> {
        if (tensors.size() != 1) {
          throw new TensorFormatException(
              source + ": a .npy file holds one tensor, not " + tensors.size());
        }
        Npy.write(file, tensors.values().iterator().next());
      }
      default ->
          throw new TensorFormatException(
              source
                  + ": cannot tell the weight format from the name; use .npz, .safetensors or .npy");
    }
  }

  /** The last segment of a path or URI. */
  private static String name(String source) {
    return source.substring(source.lastIndexOf('/') + 1);
  }

  private static String extension(String source) {
    String name = name(source);
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  private static String stem(String source) {
    String name = name(source);
    int dot = name.lastIndexOf('.');
    return dot <= 0 ? name : name.substring(0, dot);
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    return bytes.length >= prefix.length
        && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
  }
}
