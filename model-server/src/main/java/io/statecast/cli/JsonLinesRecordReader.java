package io.statecast.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.statecast.avro.Observation;
import io.statecast.data.CsvSeriesReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads observations from JSON lines: one object per line with the Observation's fields {@code
 * key}, {@code eventTime} (epoch milliseconds, or text in a form of {@link EventTimes}), {@code
 * target} (a number, or null or absent for none), {@code named} (an object of numbers) and {@code
 * features} (an array of numbers). Avro's JSON encoding of a union ({@code {"float": 1.5}}) is
 * accepted too; other fields are ignored.
 */
final class JsonLinesRecordReader implements RecordFileReader {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final BufferedReader in;
  private final ZoneId zone;
  private long line;

  JsonLinesRecordReader(BufferedReader in, ZoneId zone) {
    this.in = in;
    this.zone = zone;
  }

  @Override
  public InputLine next() throws IOException {
    String text;
    while ((text = in.readLine()) != null) {
      line++;
      if (!text.isBlank()) {
        return parse(text);
      }
    }
    return null;
  }

  private InputLine parse(String text) {
    JsonNode o;
    try {
      o = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return InputLine.skipped(line, SkipReason.JSON, "not JSON: " + e.getOriginalMessage());
    }
    if (o == null || !o.isObject()) {
      return InputLine.skipped(line, SkipReason.JSON, "not a JSON object");
    }
    JsonNode k = union(o.get("key"));
    String key = k == null || !k.isValueNode() || k.isNull() ? "" : k.asText().strip();
    if (key.isEmpty()) {
      return InputLine.skipped(line, SkipReason.KEY, "no key");
    }
    JsonNode t = union(o.get("eventTime"));
    Long time = time(t);
    if (time == null) {
      return InputLine.skipped(line, SkipReason.TIME, "eventTime " + t + " is not a time");
    }
    Float target = null;
    JsonNode v = union(o.get("target"));
    if (v != null && !v.isNull()) {
      target = number(v);
      if (target == null) {
        return InputLine.skipped(
            line, SkipReason.NUMBER, "target " + v + " is not a finite number");
      }
    }
    Map<String, Float> named = new LinkedHashMap<>();
    JsonNode n = o.get("named");
    if (n != null && !n.isNull()) {
      if (!n.isObject()) {
        return InputLine.skipped(line, SkipReason.NUMBER, "named is not an object of numbers");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        Float x = number(e.getValue());
        if (x == null) {
          return InputLine.skipped(
              line,
              SkipReason.NUMBER,
              "named." + e.getKey() + " " + e.getValue() + " is not a finite number");
        }
        named.put(e.getKey(), x);
      }
    }
    List<Float> features = new ArrayList<>();
    JsonNode a = o.get("features");
    if (a != null && !a.isNull()) {
      if (!a.isArray()) {
        return InputLine.skipped(line, SkipReason.NUMBER, "features is not an array of numbers");
      }
      for (int i = 0; i < a.size(); i++) {
        Float x = number(a.get(i));
        if (x == null) {
          return InputLine.skipped(
              line,
              SkipReason.NUMBER,
              "features[" + i + "] " + a.get(i) + " is not a finite number");
        }
        features.add(x);
      }
    }
    return InputLine.of(
        line,
        Observation.newBuilder()
            .setKey(key)
            .setEventTime(time)
            .setTarget(target)
            .setNamed(named)
            .setFeatures(features)
            .build());
  }

  /** Epoch milliseconds of an integral number or a time in text, else null. */
  private Long time(JsonNode t) {
    if (t == null) {
      return null;
    }
    if (t.isIntegralNumber()) {
      return t.asLong();
    }
    return t.isTextual() ? EventTimes.parse(t.asText(), zone) : null;
  }

  /** A finite number in a number or numeric text, else null. */
  private static Float number(JsonNode node) {
    Float x =
        node.isNumber()
            ? Float.valueOf(node.floatValue())
            : node.isTextual() ? CsvSeriesReader.parseNumber(node.asText().strip()) : null;
    return x != null && Float.isFinite(x) ? x : null;
  }

  /** The value inside Avro's JSON encoding of a union branch, or {@code node} itself. */
  private static JsonNode union(JsonNode node) {
    if (node != null && node.isObject() && node.size() == 1) {
      return node.elements().next();
    }
    return node;
  }

  @Override
  public long linesRead() {
    return line;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
