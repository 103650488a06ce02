/**
 * A schema registry for tests: {@link io.statecast.testing.registry.TestSchemaRegistry}, a small
 * server of the Confluent-compatible REST API on 127.0.0.1 that can be told to go down, to fail
 * with a status, to answer slowly or to ask for credentials, and {@link
 * io.statecast.testing.registry.TestSchemaRegistryExtension}, its JUnit 5 extension.
 */
package io.statecast.testing.registry;
