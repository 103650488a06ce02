package io.statecast.cli;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.time.ZoneId;
import java.util.List;

/**
 * Reads the observations of a replayed input file one line at a time: a CSV file ({@link
 * CsvRecordReader}) or JSON lines ({@link JsonLinesRecordReader}). A line that cannot be used is
 * returned as a skipped {@link InputLine} with its reason, never thrown; blank lines are passed
 * over. Not thread-safe.
 */
interface RecordFileReader extends Closeable {

  /**
   * Opens {@code in} as {@code format}.
   *
   * @param columns the CSV columns to use (ignored for JSON lines)
   * @param zone the zone of local date-times
   * @throws IOException when the input cannot be read, or a CSV header lacks a column it needs
   */
  static RecordFileReader open(
      BufferedReader in, String name, InputFormat format, CsvColumns columns, ZoneId zone)
      throws IOException {
    return format == InputFormat.JSONL
        ? new JsonLinesRecordReader(in, zone)
        : CsvRecordReader.open(in, name, columns, zone);
  }

  /** The next observation or skipped line, or null at the end of the input. */
  InputLine next() throws IOException;

  /** How many lines were read so far (with a CSV header and blank lines). */
  long linesRead();

  /**
   * Columns of the input that are not used, with why (e.g. a CSV column that is not numeric in the
   * first row); empty when all are used.
   */
  default List<String> unusedColumns() {
    return List.of();
  }
}
