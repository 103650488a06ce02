package io.statecast.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Whether a reader can resolve a writer schema, and if not, why, in words an operator can act on.
 *
 * <p>Avro's {@link SchemaCompatibility} reports each incompatibility with a JSON pointer into the
 * reader schema ({@code /fields/1/type}); this class adds the field names the pointer leads through
 * ({@code eventTime}) so the reason names the field.
 */
final class Compatibility {

  private Compatibility() {}

  /**
   * Why {@code reader} cannot read what {@code writer} wrote, or empty when it can.
   *
   * @param writerFingerprint shown in the explanation, to tell versions of one name apart
   */
  static Optional<String> incompatibility(Schema reader, Schema writer, long writerFingerprint) {
    return incompatibility(reader, writer, SingleObject.hex(writerFingerprint));
  }

  /**
   * Why {@code reader} cannot read what {@code writer} wrote, or empty when it can.
   *
   * @param writerLabel shown in the explanation after the writer's name, to tell versions of one
   *     name apart (a fingerprint, a registry id)
   */
  static Optional<String> incompatibility(Schema reader, Schema writer, String writerLabel) {
    SchemaPairCompatibility verdict =
        SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    if (verdict.getType() == SchemaCompatibilityType.COMPATIBLE) {
      return Optional.empty();
    }
    String problems =
        verdict.getResult().getIncompatibilities().stream()
            .map(problem -> describe(reader, problem))
            .collect(Collectors.joining("; "));
    return Optional.of(
        "writer schema "
            + writer.getFullName()
            + " "
            + writerLabel
            + " cannot be read as "
            + reader.getFullName()
            + ": "
            + problems);
  }

  private static String describe(Schema reader, Incompatibility problem) {
    String fields = fieldPath(reader, problem.getLocation());
    String where = fields.isEmpty() ? "" : " at field " + fields;
    return problem.getType() + where + " (" + problem.getLocation() + "): " + problem.getMessage();
  }

  /**
   * The dotted field names a compatibility pointer such as {@code /fields/1/type/items} leads
   * through in the reader schema ({@code eventTime}); as far as they can be named, never failing.
   * Numeric tokens that do not follow {@code fields} index the writer's union branches and leave
   * the reader's schema where it is.
   */
  static String fieldPath(Schema reader, String pointer) {
    List<String> names = new ArrayList<>();
    Schema current = reader;
    String[] tokens = pointer.split("/");
    try {
      for (int i = 1; i < tokens.length; i++) {
        String token = tokens[i];
        if (token.equals("fields") && current.getType() == Schema.Type.RECORD) {
          Schema.Field field = current.getFields().get(Integer.parseInt(tokens[++i]));
          names.add(field.name());
          current = field.schema();
        } else if (token.equals("items") && current.getType() == Schema.Type.ARRAY) {
          current = current.getElementType();
        } else if (token.equals("values") && current.getType() == Schema.Type.MAP) {
          current = current.getValueType();
        } else if (!token.equals("type") && !isNumber(token)) {
          break;
        }
      }
    } catch (RuntimeException malformedPointer) {
      // The names found so far are still right; the raw pointer is reported next to them.
    }
    return String.join(".", names);
  }

  private static boolean isNumber(String token) {
    return !token.isEmpty() && token.chars().allMatch(Character::isDigit);
  }
}
