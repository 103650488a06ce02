/**
 * An in-process Kafka broker (KRaft, loopback only) for the one-command demo and the integration
 * tests: {@link io.statecast.kafka.EmbeddedKafka} configured by {@link
 * io.statecast.kafka.EmbeddedKafkaConfig}.
 */
package io.statecast.kafka;
