package io.statecast.cli;

import java.util.Locale;

/** The layouts of the files {@code produce} replays. */
enum InputFormat {
  /** Comma-separated values with a header row. */
  CSV,
  /** One Observation JSON object per line (JSON lines, NDJSON). */
  JSONL;

  /**
   * The format of {@code fileName} by its extension: {@code .jsonl} and {@code .ndjson} are JSON
   * lines, anything else (and stdin, {@code -}) CSV.
   */
  static InputFormat of(String fileName) {
    String n = fileName.toLowerCase(Locale.ROOT);
    return n.endsWith(".jsonl") || n.endsWith(".ndjson") ? JSONL : CSV;
  }
}
