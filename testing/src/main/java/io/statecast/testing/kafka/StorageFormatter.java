package io.statecast.testing.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * Formats a KRaft log directory, as {@code kafka-storage format --cluster-id <random>} does.
 *
 * <p>A KRaft node refuses to start on a directory without {@code meta.properties} (cluster id, node
 * id, directory id) and the bootstrap metadata checkpoint (metadata version and feature levels).
 * Kafka's own {@link Formatter} writes both; it is configured here for a static quorum whose only
 * voter is node {@link BrokerProperties#NODE_ID}, the latest production metadata version, and this
 * directory as both the data and the metadata log directory. A directory that is already formatted
 * is left alone, which is what makes restarts on the same data work.
 */
final class StorageFormatter {
  private StorageFormatter() {}

  /** Whether {@code directory} holds a formatted KRaft log directory. */
  static boolean isFormatted(Path directory) {
    return Files.isRegularFile(directory.resolve("meta.properties"));
  }

  /**
   * Formats {@code directory} unless it is already formatted.
   *
   * @return the new cluster id, or {@code null} when the directory was already formatted
   */
  static String formatIfNeeded(Path directory) {
    if (isFormatted(directory)) {
      return null;
    }
    String clusterId = Uuid.randomUuid().toString();
    // The formatter reports progress on a PrintStream (System.out by default): discard it.
    PrintStream discard =
        new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
    try {
      Files.createDirectories(directory);
      new Formatter()
          .setPrintStream(discard)
          .setNodeId(BrokerProperties.NODE_ID)
          .setClusterId(clusterId)
          .setControllerListenerName(BrokerProperties.CONTROLLER_LISTENER)
          .setHasDynamicQuorum(false)
          .addDirectory(directory.toString())
          .setMetadataLogDirectory(directory.toString())
          .run();
    } catch (IOException e) {
      throw new IllegalStateException("cannot create Kafka log directory " + directory, e);
    } catch (Exception e) {
      throw new IllegalStateException("cannot format Kafka log directory " + directory, e);
    }
    return clusterId;
  }
}
