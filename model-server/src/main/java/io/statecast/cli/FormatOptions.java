package io.statecast.cli;

import io.statecast.wire.ValueFormat;
import io.statecast.wire.format.FormatSettings;
import io.statecast.wire.registry.RegistrySettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The value format of the Kafka topics a command reads and writes ({@code job}, {@code demo}, the
 * dashboard of {@code serve}, {@code produce}): a picocli mixin, so that each option has one name,
 * one default and one description everywhere. The registry's secrets are read from files or the
 * environment, never required on the command line, and never printed.
 */
public final class FormatOptions {

  @Option(
      names = "--value-format",
      paramLabel = "FORMAT",
      defaultValue = "avro",
      converter = FormatConverter.class,
      description =
          "Format of the topics' values: avro (single-object encoding), avro-registry (a schema"
              + " registry's framing) or json (default: ${DEFAULT-VALUE}).")
  ValueFormat format = ValueFormat.AVRO;

  @Option(
      names = "--writer-schemas",
      paramLabel = "DIR",
      description =
          "With avro: a directory of .avsc files of further versions of the record schemas that"
              + " producers write with (read at start, no rebuild needed).")
  Path writerSchemas;

  @Option(
      names = "--schema-registry-url",
      paramLabel = "URL",
      description =
          "With avro-registry: the registry's base URL (Confluent Schema Registry, Karapace, or"
              + " Apicurio's http://HOST:8080/apis/ccompat/v7).")
  URI registryUrl;

  @Option(
      names = "--schema-registry-basic-auth-file",
      paramLabel = "FILE",
      description =
          "A file holding user:password for the registry's basic authentication (or the"
              + " environment variable STATECAST_SCHEMA_REGISTRY_BASIC_AUTH).")
  Path basicAuthFile;

  @Option(
      names = "--schema-registry-token-file",
      paramLabel = "FILE",
      description =
          "A file holding a bearer token for the registry (or the environment variable"
              + " STATECAST_SCHEMA_REGISTRY_TOKEN).")
  Path tokenFile;

  @Option(
      names = "--schema-registry-truststore",
      paramLabel = "FILE",
      description =
          "A trust store (PKCS12 or JKS) for an https registry; its password from"
              + " STATECAST_SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD.")
  Path trustStore;

  @Option(
      names = "--schema-registry-timeout",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description =
          "How long one registry request may take before it counts as unavailable (default:"
              + " ${DEFAULT-VALUE}).")
  Duration registryTimeout = RegistrySettings.DEFAULT_TIMEOUT;

  /** The settings these options describe; refuses options that do not go with the format. */
  public FormatSettings settings() throws java.io.IOException {
    boolean registryOptions =
        registryUrl != null
            || basicAuthFile != null
            || tokenFile != null
            || trustStore != null
            || !RegistrySettings.DEFAULT_TIMEOUT.equals(registryTimeout);
    if (format != ValueFormat.AVRO_REGISTRY && registryOptions) {
      throw new IllegalArgumentException(
          "--schema-registry-* options need --value-format avro-registry");
    }
    if (format == ValueFormat.AVRO_REGISTRY && registryUrl == null) {
      throw new IllegalArgumentException(
          "--value-format avro-registry needs --schema-registry-url");
    }
    if (writerSchemas != null && format != ValueFormat.AVRO) {
      throw new IllegalArgumentException("--writer-schemas needs --value-format avro");
    }
    if (writerSchemas != null && !Files.isDirectory(writerSchemas)) {
      throw new IllegalArgumentException("--writer-schemas: no directory " + writerSchemas);
    }
    if (writerSchemas != null) {
      try (var files = Files.list(writerSchemas)) {
        if (files.noneMatch(f -> f.getFileName().toString().endsWith(".avsc"))) {
          throw new IllegalArgumentException(
              "--writer-schemas: " + writerSchemas + " holds no .avsc file");
        }
      }
    }
    RegistrySettings registry = null;
    if (format == ValueFormat.AVRO_REGISTRY) {
      registry =
          new RegistrySettings(
              registryUrl,
              secret(basicAuthFile, "STATECAST_SCHEMA_REGISTRY_BASIC_AUTH"),
              secret(tokenFile, "STATECAST_SCHEMA_REGISTRY_TOKEN"),
              trustStore == null ? null : trustStore.toString(),
              trustStore == null
                  ? null
                  : System.getenv("STATECAST_SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD"),
              registryTimeout);
    }
    return new FormatSettings(
        format, writerSchemas == null ? null : writerSchemas.toString(), registry);
  }

  /** The format alone. */
  public ValueFormat format() {
    return format;
  }

  private static String secret(Path file, String variable) throws java.io.IOException {
    if (file != null) {
      return Files.readString(file).strip();
    }
    String v = System.getenv(variable);
    return v == null || v.isBlank() ? null : v.strip();
  }

  /** {@link ValueFormat#parse}, for picocli. */
  static final class FormatConverter implements picocli.CommandLine.ITypeConverter<ValueFormat> {
    @Override
    public ValueFormat convert(String value) {
      return ValueFormat.parse(value);
    }
  }
}
