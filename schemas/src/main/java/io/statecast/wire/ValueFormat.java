package io.statecast.wire;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The formats of Kafka record values that Statecast reads and writes. */
public enum ValueFormat {
  /**
   * Avro single-object encoding ({@code 0xC3 0x01}, the writer schema's 8-byte fingerprint, the
   * binary body): {@link WireCodec}.
   */
  AVRO("avro"),

  /**
   * The framing of Confluent-compatible schema registries: byte {@code 0}, the writer schema's id
   * (4 bytes, big-endian), the Avro binary body; schemas fetched by id and registered under {@code
   * <topic>-value}.
   */
  AVRO_REGISTRY("avro-registry"),

  /** One JSON object per record, with the record's fields by name. */
  JSON("json");

  private final String option;

  ValueFormat(String option) {
    this.option = option;
  }

  /** The name on the command line. */
  public String option() {
    return option;
  }

  /**
   * The format named {@code name} ({@code avro}, {@code avro-registry}, {@code json}; case and
   * {@code _} for {@code -} do not matter).
   *
   * @throws IllegalArgumentException naming the formats, for any other name
   */
  public static ValueFormat parse(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    for (ValueFormat f : values()) {
      if (f.option.equals(n)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "unknown value format '"
            + name
            + "': one of "
            + Arrays.stream(values()).map(ValueFormat::option).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return option;
  }
}
