package io.statecast.wire;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParser;

/**
 * Reads a directory of {@code .avsc} files the way the build reads {@code src/main/avro}: with one
 * parser, so a file may use a named type (an enum, say) that another file in the directory defines,
 * whatever order the files come in.
 */
final class SchemaFiles {

  private SchemaFiles() {}

  /**
   * The schemas in {@code directory} named like {@code reader}: by its full name or an alias.
   *
   * @throws IOException if the directory or a file cannot be read
   * @throws IllegalArgumentException if there is none
   * @throws org.apache.avro.SchemaParseException as {@link #namedSchemasIn}
   */
  static List<Schema> versionsOf(Schema reader, Path directory) throws IOException {
    List<Schema> sameName =
        namedSchemasIn(directory).stream()
            .filter(
                s ->
                    s.getFullName().equals(reader.getFullName())
                        || reader.getAliases().contains(s.getFullName()))
            .toList();
    if (sameName.isEmpty()) {
      throw new IllegalArgumentException(
          directory + " defines no schema named " + reader.getFullName());
    }
    return sameName;
  }

  /**
   * Every named schema defined by the {@code .avsc} files directly in {@code directory}, resolved.
   *
   * @throws IOException if the directory or a file cannot be read
   * @throws org.apache.avro.SchemaParseException if a file is not a valid schema, a name is defined
   *     twice (keep each version of a schema in its own directory) or a referenced name is defined
   *     nowhere
   */
  static List<Schema> namedSchemasIn(Path directory) throws IOException {
    List<Path> files;
    try (Stream<Path> entries = Files.list(directory)) {
      files =
          entries
              .filter(path -> path.getFileName().toString().endsWith(".avsc"))
              .filter(Files::isRegularFile)
              .sorted()
              .collect(Collectors.toList());
    }
    SchemaParser parser = new SchemaParser();
    for (Path file : files) {
      parser.parse(file);
    }
    return parser.getParsedNamedSchemas();
  }
}
