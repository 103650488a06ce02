package io.statecast.data;

import io.statecast.model.Cadence;
import java.nio.file.Path;
import java.util.List;

/**
 * What a reader made of a file: the series, the rows it skipped, and the data's cadence.
 *
 * @param source the file
 * @param data the good rows, grouped by key
 * @param badRows every skipped row with its line number, in file order
 * @param cadence how often the keys are observed: detected ({@link CadenceDetector}) unless given
 */
public record LoadedData(Path source, SeriesSet data, List<BadRow> badRows, Cadence cadence) {

  public LoadedData {
    badRows = List.copyOf(badRows);
    if (cadence == null) {
      cadence = CadenceDetector.detect(data);
    }
  }

  /** The data with its cadence detected. */
  public LoadedData(Path source, SeriesSet data, List<BadRow> badRows) {
    this(source, data, badRows, null);
  }

  /** The same data with a cadence set by the user ({@code --cadence}); null: the detected one. */
  public LoadedData withCadence(Cadence given) {
    return given == null ? this : new LoadedData(source, data, badRows, given);
  }
}
