package io.statecast.cli;

/** Why a line of a replayed input file was skipped: the categories {@code produce} counts. */
enum SkipReason {
  /** A CSV line with more or fewer fields than the header. */
  COLUMNS("columns"),
  /** No key, or an empty one. */
  KEY("key"),
  /** A time that is missing or in none of the accepted forms. */
  TIME("time"),
  /** A target or feature that is not a finite number. */
  NUMBER("number"),
  /** A JSON line that is not a JSON object. */
  JSON("json");

  private final String label;

  SkipReason(String label) {
    this.label = label;
  }

  /** The short name in summaries, e.g. {@code time}. */
  String label() {
    return label;
  }
}
