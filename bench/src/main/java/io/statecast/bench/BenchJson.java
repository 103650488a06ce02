package io.statecast.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON of {@code bench.json}: one mapper, and the shape of a ratio against its target. */
final class BenchJson {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private BenchJson() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /**
   * A ratio with its target: {@code {"value", "target", "met", "what"}}; {@code met} is null when
   * the value could not be measured.
   */
  static ObjectNode ratio(double value, double target, String what) {
    return ratio(value, target, false, what);
  }

  /**
   * A ratio with its target that must not be exceeded ({@code "at_most": true}), or reached ({@code
   * false}).
   */
  static ObjectNode ratio(double value, double target, boolean atMost, String what) {
    ObjectNode n = object();
    boolean measured = Double.isFinite(value) && value > 0;
    if (measured) {
      n.put("value", value);
    } else {
      n.putNull("value");
    }
    n.put("target", target);
    n.put("at_most", atMost);
    if (measured) {
      n.put("met", atMost ? value <= target : value >= target);
    } else {
      n.putNull("met");
    }
    n.put("what", what);
    return n;
  }

  /** "met" / "NOT met" / "not measured" for a ratio node. */
  static String verdict(ObjectNode ratio) {
    if (ratio.path("met").isNull() || ratio.path("met").isMissingNode()) {
      return "not measured";
    }
    return ratio.path("met").asBoolean() ? "met" : "NOT met";
  }
}
