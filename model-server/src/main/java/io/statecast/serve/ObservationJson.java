package io.statecast.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.statecast.avro.Observation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Observations in the stateful API's JSON, the same fields as the Avro {@link Observation}:
 *
 * <pre>
 * {"observations": [{"eventTime": 1700000000000, "features": [1.5], "named": {"temp": 3.0},
 *                    "target": 12.0}, ...]}
 * </pre>
 *
 * or a single observation object. {@code eventTime} (ms since the epoch, UTC) is required; the
 * others default to empty / absent, and the model's encoder says which it needs.
 */
final class ObservationJson {

  private static final Set<String> ENVELOPE = Set.of("observations");
  private static final Set<String> FIELDS = Set.of("eventTime", "features", "named", "target");

  private ObservationJson() {}

  /** The observations of a request body for {@code key}; 400 with the field for bad input. */
  static List<Observation> parse(JsonNode body, String key, int max) {
    RequestJson.object(body, "the request body");
    JsonNode list;
    if (body.has("observations")) {
      RequestJson.onlyFields(body, ENVELOPE, "the request body");
      list = body.get("observations");
      if (!list.isArray() || list.isEmpty()) {
        throw ApiException.badRequest("'observations' must be a non-empty array");
      }
    } else if (body.has("eventTime")) {
      list = JsonBodies.MAPPER.createArrayNode().add(body);
    } else {
      throw ApiException.badRequest(
          "the request body must be {\"observations\": [...]} or one observation with an"
              + " 'eventTime'");
    }
    if (list.size() > max) {
      throw ApiException.badRequest(
          "a request may carry at most " + max + " observations, this one has " + list.size());
    }
    List<Observation> out = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      out.add(observation(list.get(i), key, "observations[" + i + "]"));
    }
    return out;
  }

  private static Observation observation(JsonNode o, String key, String what) {
    RequestJson.object(o, what);
    RequestJson.onlyFields(o, FIELDS, what);
    long eventTime = RequestJson.requiredLong(o, "eventTime", what);
    List<Float> features = new ArrayList<>();
    JsonNode f = o.get("features");
    if (f != null && !f.isNull()) {
      if (!f.isArray()) {
        throw ApiException.badRequest(what + ".features must be an array of numbers");
      }
      for (int j = 0; j < f.size(); j++) {
        features.add(RequestJson.finiteFloat(f.get(j), what + ".features[" + j + "]"));
      }
    }
    Map<String, Float> named = new HashMap<>();
    JsonNode n = o.get("named");
    if (n != null && !n.isNull()) {
      RequestJson.object(n, what + ".named");
      for (Map.Entry<String, JsonNode> e : n.properties()) {
        named.put(
            e.getKey(),
            RequestJson.finiteFloat(
                e.getValue(), what + ".named." + RequestJson.abbreviate(e.getKey())));
      }
    }
    JsonNode t = o.get("target");
    Float target = t == null || t.isNull() ? null : RequestJson.finiteFloat(t, what + ".target");
    return Observation.newBuilder()
        .setKey(key)
        .setEventTime(eventTime)
        .setFeatures(features)
        .setNamed(named)
        .setTarget(target)
        .build();
  }
}
