package io.statecast.tensor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.statecast.tensor.Tensor.DType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON header of a safetensors file: for each tensor its dtype, shape and {@code data_offsets
 * [begin, end)} in the byte buffer after the header, plus an optional {@code __metadata__} object
 * of strings.
 *
 * <p>Validation follows the reference implementation ({@code safetensors/src/tensor.rs}, {@code
 * Metadata::validate}) and is strict: valid UTF-8 JSON, no duplicate keys, a known dtype, a
 * non-negative integer shape, {@code end - begin == product(shape) * dtype size}, and, sorted by
 * offset, tensors that tile the buffer exactly from 0 to its end with no gap or overlap. Keys other
 * than {@code dtype}, {@code shape} and {@code data_offsets} in a tensor are refused.
 */
final class SafetensorsHeader {

  /** One tensor's declaration. */
  record Entry(String name, DType dtype, int[] shape, long begin, long end) {}

  static final String METADATA_KEY = "__metadata__";
  private static final Set<String> FIELDS = Set.of("dtype", "shape", "data_offsets");
  static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private SafetensorsHeader() {}

  /** The safetensors name of a dtype: {@code F16 BF16 F32 F64 I32 I64}. */
  static String dtypeName(DType dtype) {
    return switch (dtype) {
      case FLOAT16 -> "F16";
      case BFLOAT16 -> "BF16";
      case FLOAT32 -> "F32";
      case FLOAT64 -> "F64";
      case INT32 -> "I32";
      case INT64 -> "I64";
    };
  }

  /**
   * Parses and validates {@code json} for a data buffer of {@code bufferLength} bytes.
   *
   * @return the tensors sorted by offset (the reading order), and the metadata
   */
  static Layout parse(String json, long bufferLength, String source) throws TensorFormatException {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new TensorFormatException(
          source + ": header is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new TensorFormatException(source + ": header is not a JSON object");
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    List<Entry> entries = new ArrayList<>();
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      if (field.getKey().equals(METADATA_KEY)) {
        metadata = metadata(field.getValue(), source);
      } else {
        entries.add(entry(field.getKey(), field.getValue(), bufferLength, source));
      }
    }
    entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
    checkTiling(entries, bufferLength, source);
    return new Layout(entries, metadata);
  }

  /** The parsed header: tensors in offset order and metadata. */
  record Layout(List<Entry> entries, Map<String, String> metadata) {}

  private static Map<String, String> metadata(JsonNode node, String source)
      throws TensorFormatException {
    if (!node.isObject()) {
      throw new TensorFormatException(source + ": __metadata__ is not a JSON object");
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      if (!field.getValue().isTextual()) {
        throw new TensorFormatException(
            source + ": __metadata__ value of '" + field.getKey() + "' is not a string");
      }
      metadata.put(field.getKey(), field.getValue().textValue());
    }
    return metadata;
  }

  private static Entry entry(String name, JsonNode node, long bufferLength, String source)
      throws TensorFormatException {
    String where = source + ": tensor '" + name + "'";
    if (!node.isObject()) {
      throw new TensorFormatException(where + " is not described by a JSON object");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!FIELDS.contains(key)) {
        throw new TensorFormatException(where + " has an unexpected field '" + key + "'");
      }
    }
    DType dtype = dtype(node.get("dtype"), where);
    long[] shape = longs(node.get("shape"), -1, "shape", where);
    int count = Shapes.elementCount(shape, dtype, where);
    long[] offsets = longs(node.get("data_offsets"), 2, "data_offsets", where);
    long begin = offsets[0];
    long end = offsets[1];
    if (begin > end || end > bufferLength) {
      throw new TensorFormatException(
          String.format(
              "%s has data_offsets [%d, %d] outside the data buffer of %d bytes",
              where, begin, end, bufferLength));
    }
    long declared = (long) count * dtype.bytes();
    if (end - begin != declared) {
      throw new TensorFormatException(
          String.format(
              "%s declares %d bytes (%s %s) but its offsets span %d",
              where, declared, dtypeName(dtype), Shapes.text(shape), end - begin));
    }
    return new Entry(name, dtype, Shapes.toInts(shape), begin, end);
  }

  private static DType dtype(JsonNode node, String where) throws TensorFormatException {
    if (node == null || !node.isTextual()) {
      throw new TensorFormatException(where + " has no dtype string");
    }
    for (DType dtype : DType.values()) {
      if (dtypeName(dtype).equals(node.textValue())) {
        return dtype;
      }
    }
    throw new TensorFormatException(
        where
            + " has dtype '"
            + node.textValue()
            + "', which is not supported (supported: F16, BF16, F32, F64, I32, I64)");
  }

  /** A JSON array of non-negative integers; {@code length} is its required size, or -1. */
  private static long[] longs(JsonNode node, int length, String field, String where)
      throws TensorFormatException {
    if (node == null || !node.isArray() || (length >= 0 && node.size() != length)) {
      String what = length >= 0 ? "an array of " + length + " integers" : "an array of integers";
      throw new TensorFormatException(where + " has no " + field + " as " + what);
    }
    long[] out = new long[node.size()];
    for (int i = 0; i < out.length; i++) {
      JsonNode v = node.get(i);
      if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
        throw new TensorFormatException(
            where + " has " + field + " " + node + " with a value that is not a size: " + v);
      }
      out[i] = v.longValue();
    }
    return out;
  }

  /** Sorted entries must cover {@code [0, bufferLength)} exactly, each starting where one ends. */
  private static void checkTiling(List<Entry> entries, long bufferLength, String source)
      throws TensorFormatException {
    long covered = 0;
    String previous = null;
    for (Entry e : entries) {
      if (e.begin() < covered) {
        throw new TensorFormatException(
            String.format(
                "%s: tensor '%s' at [%d, %d] overlaps tensor '%s', which ends at %d",
                source, e.name(), e.begin(), e.end(), previous, covered));
      }
      if (e.begin() > covered) {
        throw new TensorFormatException(
            String.format(
                "%s: gap of %d bytes before tensor '%s' at offset %d",
                source, e.begin() - covered, e.name(), covered));
      }
      covered = e.end();
      previous = e.name();
    }
    if (covered != bufferLength) {
      throw new TensorFormatException(
          String.format(
              "%s: the tensors cover %d bytes but the data buffer holds %d (trailing bytes)",
              source, covered, bufferLength));
    }
  }
}
