package io.statecast.data;

import io.statecast.model.Cadence;
import java.nio.file.Path;
import java.util.List;

/**
 * What a reader made of a file: the series, the rows it skipped, the data's cadence and the public
 * holiday calendar of the place it comes from.
 *
 * @param source the file
 * @param data the good rows, grouped by key
 * @param badRows every skipped row with its line number, in file order
 * @param cadence how often the keys are observed: detected ({@link CadenceDetector}) unless given
 * @param holidays the ISO 3166 code of the data's public holiday calendar ({@code US}, {@code
 *     DE-BW}) when the user gave one, else null
 */
public record LoadedData(
    Path source, SeriesSet data, List<BadRow> badRows, Cadence cadence, String holidays) {

  public LoadedData {
    badRows = List.copyOf(badRows);
    if (cadence == null) {
      cadence = CadenceDetector.detect(data);
    }
  }

  /** The data with its cadence detected, without a holiday calendar. */
  public LoadedData(Path source, SeriesSet data, List<BadRow> badRows) {
    this(source, data, badRows, null, null);
  }

  /** The same data with a cadence set by the user ({@code --cadence}); null: the detected one. */
  public LoadedData withCadence(Cadence given) {
    return given == null ? this : new LoadedData(source, data, badRows, given, holidays);
  }

  /** The same data with the holiday calendar {@code code} ({@code --holidays}); null: none. */
  public LoadedData withHolidays(String code) {
    return new LoadedData(source, data, badRows, cadence, code);
  }
}
