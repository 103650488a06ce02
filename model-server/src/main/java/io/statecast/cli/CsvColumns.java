package io.statecast.cli;

import io.statecast.data.BadDataException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which columns of a CSV file {@code produce} uses, as the options name them, and their positions
 * in a header ({@link #resolve}).
 *
 * @param key the key column's name
 * @param time the time column's name, or null for the first of {@value #TIME_NAMES} in the header
 * @param target the target column's name
 * @param features the feature columns, or null for every other column that is numeric
 * @param noFeatures no feature columns at all
 */
record CsvColumns(
    String key, String time, String target, List<String> features, boolean noFeatures) {

  /** The time column's names tried in turn when none is given. */
  static final String TIME_NAMES = "date, time, timestamp, eventTime";

  /** key, the first time column of {@value #TIME_NAMES}, value, every other numeric column. */
  static final CsvColumns DEFAULT = new CsvColumns("key", null, "value", null, false);

  CsvColumns {
    if (features != null && noFeatures) {
      throw new IllegalArgumentException("--feature-columns and --no-features exclude each other");
    }
    features = features == null ? null : List.copyOf(features);
  }

  /**
   * The positions of these columns in {@code header}.
   *
   * @throws BadDataException naming the column that the header lacks
   */
  Layout resolve(List<String> header, String source) throws BadDataException {
    List<String> names = header.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
    int k = required(names, key, "--key-column", header, source);
    int t = time != null ? required(names, time, "--time-column", header, source) : autoTime(names);
    if (t < 0) {
      throw new BadDataException(
          source + ": line 1: no time column (" + TIME_NAMES + ") in the header " + header);
    }
    int v = required(names, target, "--target-column", header, source);
    List<Integer> f = new ArrayList<>();
    if (features != null) {
      for (String name : features) {
        f.add(required(names, name.strip(), "--feature-columns", header, source));
      }
    } else if (!noFeatures) {
      for (int i = 0; i < names.size(); i++) {
        if (i != k && i != t && i != v) {
          f.add(i);
        }
      }
    }
    List<String> featureNames = f.stream().map(i -> header.get(i).strip()).toList();
    return new Layout(header.size(), k, t, v, List.copyOf(f), featureNames, features == null);
  }

  private static int required(
      List<String> names, String name, String option, List<String> header, String source)
      throws BadDataException {
    int i = names.indexOf(name.toLowerCase(Locale.ROOT));
    if (i < 0) {
      throw new BadDataException(
          source + ": line 1: no column '" + name + "' (" + option + ") in the header " + header);
    }
    return i;
  }

  private static int autoTime(List<String> names) {
    for (String candidate : TIME_NAMES.split(", ")) {
      int i = names.indexOf(candidate.toLowerCase(Locale.ROOT));
      if (i >= 0) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Column positions in one header.
   *
   * @param width the header's number of columns
   * @param features the feature columns' positions, in header order
   * @param featureNames their names as the header writes them
   * @param numericOnly whether the features were not named: columns that are not numeric in the
   *     first row are then left out rather than making every line bad
   */
  record Layout(
      int width,
      int key,
      int time,
      int target,
      List<Integer> features,
      List<String> featureNames,
      boolean numericOnly) {}
}
