package io.statecast.artifact;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Iterator;
import java.util.Optional;

/**
 * Finds the first field of a JSON tree that a record type does not have, looking into nested
 * records and lists of records. Jackson reports unknown properties of a record only after it has
 * called the record's constructor, so a typo ({@code "hiden"}) would surface as the validation
 * error of the field it was meant to be ({@code hidden must be positive}); checking first gives the
 * user the real mistake.
 */
final class UnknownFields {

  private UnknownFields() {}

  /** The path of the first unknown field, e.g. {@code cell.hiden}, if there is one. */
  static Optional<String> find(JsonNode node, Class<?> type) {
    return find(node, type, "");
  }

  private static Optional<String> find(JsonNode node, Type type, String path) {
    if (type instanceof ParameterizedType p && node.isArray()) {
      Type item = p.getActualTypeArguments()[0];
      for (int i = 0; i < node.size(); i++) {
        Optional<String> found = find(node.get(i), item, path + "[" + i + "]");
        if (found.isPresent()) {
          return found;
        }
      }
      return Optional.empty();
    }
    if (!(type instanceof Class<?> c) || !c.isRecord() || !node.isObject()) {
      return Optional.empty();
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      String at = path.isEmpty() ? name : path + "." + name;
      RecordComponent component = component(c, name);
      if (component == null) {
        return Optional.of(at);
      }
      Optional<String> found = find(node.get(name), component.getGenericType(), at);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private static RecordComponent component(Class<?> record, String name) {
    for (RecordComponent rc : record.getRecordComponents()) {
      if (rc.getName().equals(name)) {
        return rc;
      }
    }
    return null;
  }
}
