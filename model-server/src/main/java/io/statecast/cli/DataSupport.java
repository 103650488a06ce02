package io.statecast.cli;

import io.statecast.data.BadRow;
import io.statecast.data.LoadedData;
import io.statecast.data.SeriesReader;
import io.statecast.data.TimeParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/** Reading a data file for a command, and telling the user about the rows that were skipped. */
public final class DataSupport {

  private static final int SHOWN = 10;

  private DataSupport() {}

  /** Reads {@code file} and prints what was read and the first skipped rows to {@code out}. */
  public static LoadedData read(Path file, boolean strict, PrintWriter out) throws IOException {
    return read(file, strict, TimeParser.DEFAULT, out);
  }

  /**
   * Reads {@code file}, its CSV times with {@code times}, and prints what was read and the first
   * skipped rows to {@code out}.
   */
  public static LoadedData read(Path file, boolean strict, TimeParser times, PrintWriter out)
      throws IOException {
    LoadedData d = SeriesReader.read(file, strict, times);
    out.printf(
        "read %s: %d keys, %d observations%s%n",
        file,
        d.data().keys(),
        d.data().observations(),
        d.badRows().isEmpty() ? "" : ", " + d.badRows().size() + " bad rows skipped:");
    int shown = 0;
    for (BadRow b : d.badRows()) {
      if (shown++ == SHOWN) {
        out.printf(
            "  … and %d more (use --strict to stop at the first)%n", d.badRows().size() - SHOWN);
        break;
      }
      out.println("  " + b);
    }
    out.flush();
    return d;
  }
}
