/**
 * The framing and REST API of Confluent-compatible schema registries (Confluent Schema Registry,
 * Apicurio Registry's {@code ccompat} API, Karapace): {@link
 * io.statecast.wire.registry.RegistryCodec}, the {@code avro-registry} value format (byte 0, the
 * 4-byte schema id, the Avro binary body), and {@link io.statecast.wire.registry.RegistryClient},
 * which fetches schemas by id, registers them under {@code <topic>-value} and keeps both.
 *
 * @see <a
 *     href="https://docs.confluent.io/platform/current/schema-registry/fundamentals/serdes-develop/index.html#wire-format">Confluent
 *     wire format</a>
 */
package io.statecast.wire.registry;
