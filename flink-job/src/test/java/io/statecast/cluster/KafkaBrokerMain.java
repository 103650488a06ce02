package io.statecast.cluster;

import io.statecast.testing.kafka.EmbeddedKafka;
import io.statecast.testing.kafka.EmbeddedKafkaConfig;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * A Kafka broker as a process of its own (the {@link EmbeddedKafka} KRaft broker on 127.0.0.1):
 * {@code KafkaBrokerMain LOG_DIR READY_FILE [PORT]}. Once the broker serves clients it writes its
 * client properties (bootstrap servers) to {@code READY_FILE}; it runs until the process is told to
 * end (SIGTERM, or its parent's end through {@link ParentWatch}) and closes the broker on the way
 * out.
 */
public final class KafkaBrokerMain {

  private KafkaBrokerMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2 && args.length != 3) {
      throw new IllegalArgumentException("usage: KafkaBrokerMain LOG_DIR READY_FILE [PORT]");
    }
    EmbeddedKafkaConfig.Builder config =
        EmbeddedKafkaConfig.builder().optLogDirectory(Path.of(args[0]));
    if (args.length == 3) {
      config.setPort(Integer.parseInt(args[2])); // a restarted broker keeps its address
    }
    EmbeddedKafka kafka = EmbeddedKafka.start(config.build());
    CountDownLatch closed = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  kafka.close();
                  closed.countDown();
                },
                "broker-shutdown"));
    Path ready = Path.of(args[1]);
    Path tmp = ready.resolveSibling(ready.getFileName() + ".tmp");
    Properties client = kafka.clientProperties();
    try (Writer w = Files.newBufferedWriter(tmp)) {
      client.store(
          w, "client properties of the broker in process " + ProcessHandle.current().pid());
    }
    Files.move(tmp, ready, StandardCopyOption.ATOMIC_MOVE);
    closed.await();
  }
}
