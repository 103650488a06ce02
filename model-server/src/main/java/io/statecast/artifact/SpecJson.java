package io.statecast.artifact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.statecast.model.ModelSpec;
import java.util.Optional;

/**
 * {@code model.json} ⇄ {@link ModelSpec}. Strict: an unknown field is an error (a typo must not
 * silently give a different model), and a value the spec's validation refuses is reported with its
 * location. A field left out takes its documented default (0, none, the standard gates); a required
 * size left out is refused by the spec's validation.
 */
public final class SpecJson {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .build();

  private SpecJson() {}

  /** The shared, configured mapper (thread-safe). */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Parses a spec; {@code source} names where it came from in the message. */
  public static ModelSpec parse(String json, String source) throws ArtifactException {
    try {
      JsonNode tree = MAPPER.readTree(json);
      Optional<String> unknown = UnknownFields.find(tree, ModelSpec.class);
      if (unknown.isPresent()) {
        throw new ArtifactException(
            source + ": invalid model spec: unknown field '" + unknown.get() + "'");
      }
      return MAPPER.treeToValue(tree, ModelSpec.class);
    } catch (JsonMappingException e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      String where = e.getPathReference() == null ? "" : " at " + path(e);
      String what =
          root instanceof IllegalArgumentException ? root.getMessage() : e.getOriginalMessage();
      throw new ArtifactException(source + ": invalid model spec" + where + ": " + what, e);
    } catch (JsonProcessingException e) {
      throw new ArtifactException(source + ": not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** The spec as indented JSON. */
  public static String write(ModelSpec spec) {
    try {
      return MAPPER.writeValueAsString(spec) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a ModelSpec always serialises", e);
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
