package io.statecast.wire.format;

import io.statecast.wire.ValueCodec;
import io.statecast.wire.ValueFormat;
import io.statecast.wire.WireCodec;
import io.statecast.wire.json.JsonCodec;
import io.statecast.wire.registry.RegistryCodec;
import io.statecast.wire.registry.RegistrySettings;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * The value format of a topic and what it needs: for {@link ValueFormat#AVRO}, optionally a
 * directory of further writer schemas ({@code .avsc}); for {@link ValueFormat#AVRO_REGISTRY}, the
 * registry. Serializable, so that Flink functions carry it and make their codecs in {@code open}.
 *
 * @param format the format
 * @param writerSchemas with {@code avro}: a directory of {@code .avsc} files of other versions of
 *     the record schemas that producers may write with, or null
 * @param registry with {@code avro-registry}: the registry; else null
 */
public record FormatSettings(ValueFormat format, String writerSchemas, RegistrySettings registry)
    implements Serializable {

  /** Avro single-object encoding with the schemas compiled in: the default. */
  public static final FormatSettings AVRO = new FormatSettings(ValueFormat.AVRO, null, null);

  /** JSON objects. */
  public static final FormatSettings JSON = new FormatSettings(ValueFormat.JSON, null, null);

  public FormatSettings {
    Objects.requireNonNull(format, "format");
    if (format == ValueFormat.AVRO_REGISTRY && registry == null) {
      throw new IllegalArgumentException("the avro-registry format needs a schema registry URL");
    }
    if (format != ValueFormat.AVRO && writerSchemas != null) {
      throw new IllegalArgumentException(
          "writer schema files are for the avro format; " + format + " does not take them");
    }
  }

  /**
   * A codec of {@code type} for the values of {@code topic} (a registry subject is named after it).
   *
   * @throws IOException if the writer schema directory cannot be read
   */
  public <T extends SpecificRecord> ValueCodec<T> codec(Class<T> type, String topic)
      throws IOException {
    return switch (format) {
      case AVRO -> {
        WireCodec<T> c = WireCodec.forSpecific(type);
        yield writerSchemas == null ? c : c.withAnyWriterSchemasFrom(Path.of(writerSchemas));
      }
      case AVRO_REGISTRY -> RegistryCodec.forSpecific(type, topic, registry);
      case JSON -> JsonCodec.forSpecific(type);
    };
  }
}
