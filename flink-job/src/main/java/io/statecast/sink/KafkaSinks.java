package io.statecast.sink;

import io.statecast.avro.Anomaly;
import io.statecast.avro.DeadLetter;
import io.statecast.avro.Forecast;
import io.statecast.wire.format.FormatSettings;
import java.util.Properties;
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
    return KafkaSink.<Forecast>builder()
        .setBootstrapServers(bootstrap)
        .setKafkaProducerConfig(producerProperties(props))
        .setDeliveryGuarantee(guarantee)
        .setTransactionalIdPrefix(txPrefix + "-forecasts")
        .setTransactionNamingStrategy(TransactionNamingStrategy.POOLING)
        .setRecordSerializer(
            new RecordSerializer<>(topic, format, Forecast.class, Forecast::getKey))
        .build();
  }

  /** Anomalies, keyed by entity. */
  public static KafkaSink<Anomaly> anomalies(
      String bootstrap,
      String topic,
      FormatSettings format,
      DeliveryGuarantee guarantee,
      String txPrefix,
      Properties props) {
    return KafkaSink.<Anomaly>builder()
        .setBootstrapServers(bootstrap)
        .setKafkaProducerConfig(producerProperties(props))
        .setDeliveryGuarantee(guarantee)
        .setTransactionalIdPrefix(txPrefix + "-anomalies")
        .setTransactionNamingStrategy(TransactionNamingStrategy.POOLING)
        .setRecordSerializer(new RecordSerializer<>(topic, format, Anomaly.class, Anomaly::getKey))
        .build();
  }

  /** Dead letters (or late events), keyed by source topic and partition. */
  public static KafkaSink<DeadLetter> deadLetters(
      String bootstrap,
      String topic,
      FormatSettings format,
      DeliveryGuarantee guarantee,
      String txPrefix,
      Properties props) {
    return KafkaSink.<DeadLetter>builder()
        .setBootstrapServers(bootstrap)
        .setKafkaProducerConfig(producerProperties(props))
        .setDeliveryGuarantee(guarantee)
        .setTransactionalIdPrefix(txPrefix + "-" + topic)
        .setTransactionNamingStrategy(TransactionNamingStrategy.POOLING)
        .setRecordSerializer(
            new RecordSerializer<>(
                topic, format, DeadLetter.class, d -> d.getTopic() + "/" + d.getPartition()))
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
