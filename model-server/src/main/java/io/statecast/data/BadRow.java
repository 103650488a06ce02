package io.statecast.data;

/**
 * A row that was not used, and why.
 *
 * @param line 1-based line number in a CSV file (the header is line 1), or 1-based record number
 *     in an Avro file
 * @param reason what is wrong, e.g. {@code value 'abc' is not a number}
 */
public record BadRow(long line, String reason) {

  @Override
  public String toString() {
    return "line " + line + ": " + reason;
  }
}
