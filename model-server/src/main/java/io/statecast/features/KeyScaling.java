package io.statecast.features;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.statecast.artifact.ArtifactException;
import io.statecast.artifact.SpecJson;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-key normalisation of the target: key {@code k}'s target is seen by the model as {@code z = (v
 * − μ_k) / σ_k}, and its forecasts come back as {@code v̂ = ẑ · σ_k + μ_k}, with {@code μ_k} and
 * {@code σ_k} the mean and (population) standard deviation of that key's training part. Keys of
 * very different levels (a busy and a quiet station) then share one network.
 *
 * <p>The statistics travel in the artifact as {@value #FILE}:
 *
 * <pre>
 * {"format": "statecast-key-stats/1",
 *  "keys": {"RPT": {"mean": 12.36, "std": 5.61, "n": 5259}, …}}
 * </pre>
 *
 * A key that is not listed (never seen in training) falls back to the target feature's own {@code
 * mean} and {@code std} in {@code model.json}, which training sets to the pooled statistics of all
 * training values.
 */
public final class KeyScaling {

  /** The artifact file that carries the statistics. */
  public static final String FILE = "key-stats.json";

  static final String FORMAT = "statecast-key-stats/1";

  /**
   * One key's statistics.
   *
   * @param mean {@code μ_k}
   * @param std {@code σ_k > 0}
   * @param count how many training values they were computed from
   */
  public record Scale(double mean, double std, long count) {
    public Scale {
      if (!Double.isFinite(mean) || !(std > 0) || !Double.isFinite(std) || count < 0) {
        throw new IllegalArgumentException(
            "a key scale needs a finite mean and a positive std, got " + mean + ", " + std);
      }
    }
  }

  private static final KeyScaling NONE = new KeyScaling(Map.of());

  private final Map<String, Scale> keys;

  private KeyScaling(Map<String, Scale> keys) {
    this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
  }

  /** No per-key statistics: every key uses the spec's target scaling. */
  public static KeyScaling none() {
    return NONE;
  }

  /** Statistics for the given keys. */
  public static KeyScaling of(Map<String, Scale> keys) {
    return new KeyScaling(keys);
  }

  /**
   * The mean and population standard deviation of {@code values[0 … n)}; a constant series gets
   * {@code σ = 1} so that it is centred but not blown up.
   */
  public static Scale fit(double[] values, int n) {
    if (n < 1) {
      throw new IllegalArgumentException("statistics need at least one value");
    }
    double mean = 0;
    for (int i = 0; i < n; i++) {
      mean += values[i];
    }
    mean /= n;
    double ss = 0;
    for (int i = 0; i < n; i++) {
      ss += (values[i] - mean) * (values[i] - mean);
    }
    double std = Math.sqrt(ss / n);
    if (!(std > 1e-9 * Math.max(1.0, Math.abs(mean)))) {
      std = 1.0;
    }
    return new Scale(mean, std, n);
  }

  /** The statistics of {@code key}, or null when it was not seen in training. */
  public Scale get(String key) {
    return key == null ? null : keys.get(key);
  }

  /** Every key's statistics, in training order. */
  public Map<String, Scale> keys() {
    return keys;
  }

  /** The {@value #FILE} content. */
  public byte[] toJson() {
    ObjectMapper m = SpecJson.mapper();
    ObjectNode root = m.createObjectNode();
    root.put("format", FORMAT);
    ObjectNode k = root.putObject("keys");
    keys.forEach(
        (key, s) -> k.putObject(key).put("mean", s.mean()).put("std", s.std()).put("n", s.count()));
    try {
      return (m.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Parses {@value #FILE}; {@code source} names the file in messages. */
  public static KeyScaling fromJson(byte[] json, String source) throws ArtifactException {
    try {
      JsonNode root = SpecJson.mapper().readTree(json);
      if (!FORMAT.equals(root.path("format").asText())) {
        throw new ArtifactException(source + ": not a " + FORMAT + " file");
      }
      Map<String, Scale> keys = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> it = root.path("keys").fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode v = e.getValue();
        keys.put(
            e.getKey(),
            new Scale(
                v.path("mean").asDouble(Double.NaN),
                v.path("std").asDouble(),
                v.path("n").asLong()));
      }
      return new KeyScaling(keys);
    } catch (java.io.IOException | IllegalArgumentException e) {
      if (e instanceof ArtifactException a) {
        throw a;
      }
      throw new ArtifactException(source + ": invalid key statistics: " + e.getMessage(), e);
    }
  }
}
