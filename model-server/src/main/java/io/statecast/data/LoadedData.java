package io.statecast.data;

import java.nio.file.Path;
import java.util.List;

/**
 * What a reader made of a file: the series, and the rows it skipped.
 *
 * @param source the file
 * @param data the good rows, grouped by key
 * @param badRows every skipped row with its line number, in file order
 */
public record LoadedData(Path source, SeriesSet data, List<BadRow> badRows) {

  public LoadedData {
    badRows = List.copyOf(badRows);
  }
}
