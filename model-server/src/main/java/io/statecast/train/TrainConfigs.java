package io.statecast.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.statecast.artifact.SpecJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Reads training configurations. A file is JSON ({@code {"model": {…}, "training": {…}}}) or Java
 * properties with dotted names ({@code model.hidden = 64}, lists comma-separated); either is merged
 * over the defaults ({@code defaults.json}), then command-line overrides are applied the same way,
 * and the result is bound once to a {@link TrainConfig}. Unknown names are errors, reported with
 * their path, so a typo never silently trains another model.
 */
public final class TrainConfigs {

  private static final String DEFAULTS = "defaults.json";

  private TrainConfigs() {}

  /** The default configuration as a JSON tree (a fresh copy). */
  public static ObjectNode defaultsTree() {
    try (InputStream in = TrainConfigs.class.getResourceAsStream(DEFAULTS)) {
      return (ObjectNode) SpecJson.mapper().readTree(in);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("the built-in " + DEFAULTS + " is missing", e);
    }
  }

  /** The default configuration. */
  public static TrainConfig defaults() {
    return bind(defaultsTree(), DEFAULTS);
  }

  /** Reads a JSON or properties file (by extension: {@code .properties} or else JSON). */
  public static ObjectNode readTree(Path file) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".properties")) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(r);
      }
      ObjectNode tree = SpecJson.mapper().createObjectNode();
      for (String key : p.stringPropertyNames()) {
        set(tree, key, p.getProperty(key).trim());
      }
      return tree;
    }
    try {
      JsonNode n = SpecJson.mapper().readTree(file.toFile());
      if (!(n instanceof ObjectNode o)) {
        throw new IllegalArgumentException(file + ": a training configuration is a JSON object");
      }
      return o;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Sets a dotted name ({@code training.seed}) in a tree; a value with commas for a list field
   * ({@code model.features}, {@code model.quantiles}, {@code model.embeddings}) becomes an array,
   * and {@code none} an empty one.
   */
  public static void set(ObjectNode tree, String dottedName, String value) {
    String[] parts = dottedName.split("\\.");
    if (parts.length != 2) {
      throw new IllegalArgumentException(
          "configuration names are section.name (e.g. model.hidden), got '" + dottedName + "'");
    }
    JsonNode section = tree.get(parts[0]);
    ObjectNode obj = section instanceof ObjectNode o ? o : tree.putObject(parts[0]);
    boolean list =
        parts[1].equals("features")
            || parts[1].equals("quantiles")
            || parts[1].equals("embeddings");
    if (!list) {
      obj.put(parts[1], value);
      return;
    }
    var arr = obj.putArray(parts[1]);
    if (value.trim().equalsIgnoreCase("none")) {
      return;
    }
    for (String f : value.split(",")) {
      if (f.isBlank()) {
        continue;
      }
      if (parts[1].equals("features")) {
        arr.add(f.trim().toLowerCase(Locale.ROOT));
      } else if (parts[1].equals("embeddings")) {
        arr.add(f.trim());
      } else {
        arr.add(number(dottedName, f.trim()));
      }
    }
  }

  private static double number(String name, String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": '" + value + "' is not a number", e);
    }
  }

  /** Deep-merges {@code over} into {@code base} (objects merge, anything else replaces). */
  public static ObjectNode merge(ObjectNode base, JsonNode over) {
    Iterator<Map.Entry<String, JsonNode>> it = over.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode b = base.get(e.getKey());
      if (b instanceof ObjectNode bo && e.getValue() instanceof ObjectNode) {
        merge(bo, e.getValue());
      } else {
        base.set(e.getKey(), e.getValue());
      }
    }
    return base;
  }

  /**
   * Binds a complete tree to a configuration.
   *
   * @param source what the tree came from, for messages
   * @throws IllegalArgumentException naming the field and what is wrong with it
   */
  public static TrainConfig bind(JsonNode tree, String source) {
    try {
      return SpecJson.mapper().treeToValue(tree, TrainConfig.class);
    } catch (JsonMappingException e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      String what =
          root instanceof IllegalArgumentException ? root.getMessage() : e.getOriginalMessage();
      throw new IllegalArgumentException(
          source + ": invalid training configuration at " + path(e) + ": " + what, e);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(source + ": " + e.getOriginalMessage(), e);
    }
  }

  /** The configuration as indented JSON (for reports). */
  public static String toJson(TrainConfig config) {
    try {
      return SpecJson.mapper().writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
      } else {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.length() == 0 ? "top level" : sb.toString();
  }
}
