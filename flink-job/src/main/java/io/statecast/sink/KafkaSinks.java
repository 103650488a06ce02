package io.statecast.sink;

import io.statecast.avro.Anomaly;
import io.statecast.avro.DeadLetter;
import io.statecast.avro.Forecast;
import io.statecast.wire.format.FormatSettings;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.TransactionNamingStrategy;

/**
 * The job's Kafka sinks. Exactly-once sinks write in Kafka transactions committed on checkpoints;
 * their {@code transaction.timeout.ms} must not exceed the broker's {@code
 * transaction.max.timeout.ms} (15 minutes by default), so it is set to 10 minutes unless the given
 * properties say otherwise.
 */
public final class KafkaSinks {

  /** Producer transaction timeout used unless configured: below the broker's 15-minute cap. */
  public static final String DEFAULT_TRANSACTION_TIMEOUT_MS = "600000";

  private KafkaSinks() {}

  /** Forecasts, keyed by entity. */
  public static KafkaSink<Forecast> forecasts(
      String bootstrap,
      String topic,
      FormatSettings format,
      DeliveryGuarantee guarantee,
      String txPrefix,
      Properties props) {
    return sink(
        bootstrap,
        guarantee,
        txPrefix + "-forecasts",
        props,
        new RecordSerializer<>(topic, format, Forecast.class, Forecast::getKey));
  }

  /** Anomalies, keyed by entity. */
  public static KafkaSink<Anomaly> anomalies(
      String bootstrap,
      String topic,
      FormatSettings format,
      DeliveryGuarantee guarantee,
      String txPrefix,
      Properties props) {
    return sink(
        bootstrap,
        guarantee,
        txPrefix + "-anomalies",
        props,
        new RecordSerializer<>(topic, format, Anomaly.class, Anomaly::getKey));
  }

  /** Dead letters (or late events), keyed by source topic and partition. */
  public static KafkaSink<DeadLetter> deadLetters(
      String bootstrap,
      String topic,
      FormatSettings format,
      DeliveryGuarantee guarantee,
      String txPrefix,
      Properties props) {
    return sink(
        bootstrap,
        guarantee,
        txPrefix + "-" + topic,
        props,
        new RecordSerializer<>(
            topic, format, DeadLetter.class, d -> d.getTopic() + "/" + d.getPartition()));
  }

  private static <T extends SpecificRecord> KafkaSink<T> sink(
      String bootstrap,
      DeliveryGuarantee guarantee,
      String transactionalIdPrefix,
      Properties props,
      RecordSerializer<T> serializer) {
    return KafkaSink.<T>builder()
        .setBootstrapServers(bootstrap)
        .setKafkaProducerConfig(producerProperties(props))
        .setDeliveryGuarantee(guarantee)
        .setTransactionalIdPrefix(transactionalIdPrefix)
        .setTransactionNamingStrategy(TransactionNamingStrategy.POOLING)
        .setRecordSerializer(serializer)
        .build();
  }

  private static Properties producerProperties(Properties given) {
    Properties p = new Properties();
    p.putAll(given);
    p.putIfAbsent("transaction.timeout.ms", DEFAULT_TRANSACTION_TIMEOUT_MS);
    p.putIfAbsent("linger.ms", "5");
    p.putIfAbsent("compression.type", "lz4");
    return p;
  }
}
