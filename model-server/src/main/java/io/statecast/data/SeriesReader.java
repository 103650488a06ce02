package io.statecast.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/** Reads keyed series from a file, by its extension: {@code .avro} Avro, anything else CSV. */
public final class SeriesReader {

  private SeriesReader() {}

  /**
   * Reads {@code file}.
   *
   * @param strict fail on the first bad row instead of skipping it
   */
  public static LoadedData read(Path file, boolean strict) throws IOException {
    return read(file, strict, TimeParser.DEFAULT);
  }

  /**
   * Reads {@code file}, the times of a CSV file with {@code times} (an Avro file's are epoch
   * milliseconds).
   *
   * @param strict fail on the first bad row instead of skipping it
   */
  public static LoadedData read(Path file, boolean strict, TimeParser times) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file + " (no such data file)");
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".avro")
        ? AvroObservationReader.read(file, strict)
        : CsvSeriesReader.read(file, strict, times);
  }
}
