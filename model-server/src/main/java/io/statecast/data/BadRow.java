package io.statecast.data;

/**
 * A row that was not used, and why.
 *
 * @param unit {@code line} for a CSV file (the header is line 1), {@code record} for an Avro file
 * @param number the 1-based line or record number
 * @param reason what is wrong, e.g. {@code value 'abc' is not a number}
 */
public record BadRow(String unit, long number, String reason) {

  @Override
  public String toString() {
    return unit + " " + number + ": " + reason;
  }
}
