package io.statecast.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.statecast.avro.Observation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A parsed and checked Open Inference Protocol (KServe v2) inference request for a Statecast model.
 * Inputs:
 *
 * <ul>
 *   <li>{@code observations}, FP32 (or FP64), shape {@code [T, F]} or {@code [N, T, F]}: {@code N}
 *       windows of {@code T} observations, oldest first, each row the model's {@linkplain
 *       ModelColumns columns};
 *   <li>{@code event_time}, INT64 (or INT32), shape {@code [T]} or {@code [N, T]}: milliseconds
 *       since the epoch (UTC) of each observation; required when the model reads calendar or gap
 *       features.
 * </ul>
 *
 * {@code data} is row-major, flat or nested. Optional {@code parameters.key} names the entity (for
 * per-key scaling). Optional {@code outputs} names the output tensors wanted (each one at most
 * once; none: all of them). Every deviation is a 400 naming the input and what was expected.
 *
 * @param id the request's id, echoed in the response (or null)
 * @param batched whether the request had the batch axis {@code N}
 * @param windows the {@code N} windows as observations
 * @param key the entity the windows belong to ("" if not given)
 * @param outputs the output tensors asked for by name (empty: all)
 */
record InferRequest(
    String id, boolean batched, List<List<Observation>> windows, String key, List<String> outputs) {

  static final String OBSERVATIONS = "observations";
  static final String EVENT_TIME = "event_time";
  private static final Set<String> FIELDS = Set.of("id", "inputs", "outputs", "parameters");
  private static final Set<String> TENSOR_FIELDS =
      Set.of("name", "shape", "datatype", "data", "parameters");

  /** Parses {@code body} for a model with {@code columns} and the output tensors {@code out}. */
  static InferRequest parse(
      JsonNode body, ModelColumns columns, LimitsConfig limits, List<String> out) {
    RequestJson.object(body, "the inference request");
    RequestJson.onlyFields(body, FIELDS, "the inference request");
    String id = RequestJson.optionalText(body, "id", "the inference request");
    String key = parameterKey(body.get("parameters"));
    List<String> wanted = outputs(body.get("outputs"), out);
    JsonNode[] tensors = inputs(body.get("inputs"), columns);
    return build(id, key, wanted, tensors[0], tensors[1], columns, limits);
  }

  /** The {@code observations} and {@code event_time} (or null) input tensors. */
  private static JsonNode[] inputs(JsonNode inputs, ModelColumns columns) {
    if (inputs == null || !inputs.isArray() || inputs.isEmpty()) {
      throw ApiException.badRequest(
          "the inference request needs 'inputs': an array with the tensor '" + OBSERVATIONS + "'");
    }
    JsonNode[] found = new JsonNode[2];
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < inputs.size(); i++) {
      JsonNode t = RequestJson.object(inputs.get(i), "inputs[" + i + "]");
      RequestJson.onlyFields(t, TENSOR_FIELDS, "inputs[" + i + "]");
      String name = RequestJson.optionalText(t, "name", "inputs[" + i + "]");
      if (name == null || !seen.add(name)) {
        throw ApiException.badRequest(
            "inputs["
                + i
                + "] needs a name, given once ('"
                + OBSERVATIONS
                + "', '"
                + EVENT_TIME
                + "')");
      }
      switch (name) {
        case OBSERVATIONS -> found[0] = t;
        case EVENT_TIME -> found[1] = t;
        default ->
            throw ApiException.badRequest(
                "unknown input '"
                    + RequestJson.abbreviate(name)
                    + "'; the model takes '"
                    + OBSERVATIONS
                    + "' FP32 [N, T, "
                    + columns.size()
                    + "] and '"
                    + EVENT_TIME
                    + "' INT64 [N, T]");
      }
    }
    if (found[0] == null) {
      throw ApiException.badRequest("the inference request has no input '" + OBSERVATIONS + "'");
    }
    return found;
  }

  private static InferRequest build(
      String id,
      String key,
      List<String> wanted,
      JsonNode obs,
      JsonNode times,
      ModelColumns columns,
      LimitsConfig limits) {
    V2Tensor values = V2Tensor.floats(obs, OBSERVATIONS, columns.size(), limits);
    long[] eventTimes = null;
    if (times != null) {
      eventTimes = V2Tensor.times(times, values.windows(), values.steps(), values.batched());
    } else if (columns.needsTime()) {
      throw ApiException.badRequest(
          "the model reads calendar or gap features: give the input '"
              + EVENT_TIME
              + "' INT64 [N, T] (milliseconds since the epoch, UTC)");
    }
    List<List<Observation>> windows = new ArrayList<>(values.windows());
    int f = columns.size();
    for (int n = 0; n < values.windows(); n++) {
      List<Observation> window = new ArrayList<>(values.steps());
      for (int t = 0; t < values.steps(); t++) {
        int row = n * values.steps() + t;
        long time = eventTimes == null ? 0L : eventTimes[row];
        window.add(columns.observation(key, time, values.data(), row * f));
      }
      windows.add(window);
    }
    return new InferRequest(id, values.batched(), windows, key, wanted);
  }

  private static String parameterKey(JsonNode parameters) {
    if (parameters == null || parameters.isNull()) {
      return "";
    }
    RequestJson.object(parameters, "parameters");
    String key = RequestJson.optionalText(parameters, "key", "parameters");
    if (parameters.has("binary_data_output") || parameters.has("binary_data")) {
      throw ApiException.badRequest("the binary tensor data extension is not supported; use JSON");
    }
    return key == null ? "" : key;
  }

  /** The output names a request asks for, each known and given once (empty: all). */
  private static List<String> outputs(JsonNode outputs, List<String> out) {
    List<String> wanted = new ArrayList<>();
    if (outputs == null || outputs.isNull()) {
      return wanted;
    }
    if (!outputs.isArray()) {
      throw ApiException.badRequest("'outputs' must be an array of {\"name\": ...}");
    }
    for (int i = 0; i < outputs.size(); i++) {
      JsonNode o = RequestJson.object(outputs.get(i), "outputs[" + i + "]");
      String name = RequestJson.optionalText(o, "name", "outputs[" + i + "]");
      if (!out.contains(name)) {
        throw ApiException.badRequest(
            "unknown output '"
                + (name == null ? "" : RequestJson.abbreviate(name))
                + "'; the model has '"
                + String.join("', '", out)
                + "'");
      }
      if (wanted.contains(name)) {
        throw ApiException.badRequest("output '" + name + "' is asked for more than once");
      }
      wanted.add(name);
      JsonNode p = o.get("parameters");
      if (p != null && p.has("binary_data") && p.get("binary_data").asBoolean()) {
        throw ApiException.badRequest(
            "the binary tensor data extension is not supported; use JSON");
      }
    }
    return wanted;
  }
}
