package io.statecast.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A tensor of an Open Inference Protocol request, checked against what the model takes: datatype,
 * shape, and {@code data} (row-major, flat or nested) with exactly as many elements as the shape
 * says. Each check fails with a 400 that names the tensor.
 *
 * @param windows {@code N} (1 when the request had no batch axis)
 * @param steps {@code T}
 * @param batched whether the shape had the batch axis
 * @param data the values, {@code (N, T, F)} row-major
 */
record V2Tensor(int windows, int steps, boolean batched, float[] data) {

  private static final Set<String> FLOAT_TYPES = Set.of("FP32", "FP64");
  private static final Set<String> INT_TYPES = Set.of("INT64", "INT32");

  /** The observations tensor: FP32 {@code [T, F]} or {@code [N, T, F]}. */
  static V2Tensor floats(JsonNode t, String name, int columns, LimitsConfig limits) {
    datatype(t, name, FLOAT_TYPES, "FP32");
    long[] shape = shape(t, name);
    if (shape.length < 2 || shape.length > 3 || shape[shape.length - 1] != columns) {
      throw ApiException.badRequest(
          "input '"
              + name
              + "' must have shape [T, "
              + columns
              + "] or [N, T, "
              + columns
              + "] (the model reads "
              + columns
              + " column(s)), got "
              + java.util.Arrays.toString(shape));
    }
    boolean batched = shape.length == 3;
    long n = batched ? shape[0] : 1;
    long steps = shape[shape.length - 2];
    if (steps < 1 || steps > limits.maxWindow() || n < 1 || n > limits.maxWindows()) {
      throw ApiException.badRequest(
          "input '"
              + name
              + "' must have 1 to "
              + limits.maxWindows()
              + " windows (N) of 1 to "
              + limits.maxWindow()
              + " observations (T)");
    }
    if (n * steps * columns > Integer.MAX_VALUE - 8) {
      throw ApiException.badRequest("input '" + name + "' is too large");
    }
    List<JsonNode> values = flatten(t.get("data"), name, (int) (n * steps * columns));
    float[] data = new float[values.size()];
    for (int i = 0; i < data.length; i++) {
      data[i] = RequestJson.finiteFloat(values.get(i), "input '" + name + "' data[" + i + "]");
    }
    return new V2Tensor((int) n, (int) steps, batched, data);
  }

  /** The event-time tensor: INT64 {@code [T]} or {@code [N, T]}, matching the observations. */
  static long[] times(JsonNode t, int windows, int steps, boolean batched) {
    String name = InferRequest.EVENT_TIME;
    datatype(t, name, INT_TYPES, "INT64");
    long[] shape = shape(t, name);
    long[] want = batched ? new long[] {windows, steps} : new long[] {steps};
    if (!java.util.Arrays.equals(shape, want)) {
      throw ApiException.badRequest(
          "input '"
              + name
              + "' must have shape "
              + java.util.Arrays.toString(want)
              + " to match the observations, got "
              + java.util.Arrays.toString(shape));
    }
    List<JsonNode> values = flatten(t.get("data"), name, windows * steps);
    long[] out = new long[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = RequestJson.integer(values.get(i), "input '" + name + "' data[" + i + "]");
    }
    return out;
  }

  private static void datatype(JsonNode t, String name, Set<String> allowed, String preferred) {
    String type = RequestJson.optionalText(t, "datatype", "input '" + name + "'");
    if (type == null || !allowed.contains(type)) {
      throw ApiException.badRequest(
          "input '"
              + name
              + "' must have datatype "
              + preferred
              + " (accepted: "
              + String.join(", ", allowed.stream().sorted().toList())
              + "), got "
              + (type == null ? "none" : "'" + RequestJson.abbreviate(type) + "'"));
    }
  }

  private static long[] shape(JsonNode t, String name) {
    JsonNode s = t.get("shape");
    if (s == null || !s.isArray() || s.isEmpty() || s.size() > 8) {
      throw ApiException.badRequest(
          "input '" + name + "' needs a 'shape': an array of non-negative integers");
    }
    long[] shape = new long[s.size()];
    for (int i = 0; i < shape.length; i++) {
      JsonNode d = s.get(i);
      if (!d.isIntegralNumber() || !d.canConvertToLong() || d.longValue() < 0) {
        throw ApiException.badRequest(
            "input '"
                + name
                + "' shape["
                + i
                + "] must be a non-negative integer, got "
                + RequestJson.kind(d));
      }
      shape[i] = d.longValue();
    }
    return shape;
  }

  /** The elements of {@code data}, flat or nested, checking there are exactly {@code count}. */
  private static List<JsonNode> flatten(JsonNode data, String name, int count) {
    if (data == null || !data.isArray()) {
      throw ApiException.badRequest("input '" + name + "' needs 'data': an array of numbers");
    }
    List<JsonNode> out = new ArrayList<>(Math.min(count, 4096));
    collect(data, out, count, name);
    if (out.size() != count) {
      throw ApiException.badRequest(
          "input '" + name + "' has " + out.size() + " data elements but its shape holds " + count);
    }
    return out;
  }

  private static void collect(JsonNode node, List<JsonNode> out, int count, String name) {
    for (JsonNode e : node) {
      if (e.isArray()) {
        collect(e, out, count, name);
      } else {
        out.add(e);
      }
      if (out.size() > count) {
        throw ApiException.badRequest(
            "input '" + name + "' has more data elements than its shape holds (" + count + ")");
      }
    }
  }
}
