/**
 * The framing and REST API of Confluent-compatible schema registries (Confluent Schema Registry,
 * Apicurio Registry's {@code ccompat} API, Karapace).
 */
package io.statecast.wire.registry;
