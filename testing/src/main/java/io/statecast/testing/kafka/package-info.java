/**
 * An in-process Kafka broker (KRaft, loopback only) for the one-command demo and the integration
 * tests: {@link io.statecast.testing.kafka.EmbeddedKafka} configured by {@link
 * io.statecast.testing.kafka.EmbeddedKafkaConfig}.
 */
package io.statecast.testing.kafka;
