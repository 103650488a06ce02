package io.statecast.demo;

import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.Observation;
import io.statecast.cli.ConsoleProgress;
import io.statecast.cli.DataSupport;
import io.statecast.data.KeyedSeries;
import io.statecast.data.LoadedData;
import io.statecast.data.SeriesSet;
import io.statecast.model.ModelSpec;
import io.statecast.testing.traffic.ObservationFeed;
import io.statecast.train.ModelTrainer;
import io.statecast.train.TrainConfigs;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * Where the demo finds its data sets and models: the three shipped data sets by name ({@code
 * data/*.csv}, see {@code data/README.md}) or any long CSV / Avro file, replayed in event-time
 * order across keys; and the model of a data set under {@code .statecast/models/<data set>},
 * trained with the default configuration on first use (the training issue's {@link ModelTrainer},
 * progress bar included).
 */
final class DemoData {

  /** The shipped data sets by demo name. */
  static final Map<String, String> SHIPPED =
      Map.of(
          "wind", "wind_ireland_daily.csv",
          "chicago", "chicago_L_ridership_daily.csv",
          "pm10", "pm10_germany_2002_2009_dense.csv");

  private DemoData() {}

  /**
   * The project directory: {@code -Dstatecast.home} (set by the launcher), else the working one.
   */
  static Path home() {
    String h = System.getProperty("statecast.home");
    return Path.of(h == null ? "." : h).toAbsolutePath().normalize();
  }

  /**
   * A data set to replay.
   *
   * @param name the demo name ({@code wind}) or the file's base name
   * @param file the CSV or Avro file
   * @param loaded its series, as training reads them
   * @param feed its observations in replay order
   */
  record Dataset(String name, Path file, LoadedData loaded, DatasetFeed feed) {}

  /** A replayable data set. */
  interface DatasetFeed extends ObservationFeed {
    /** Keys in order of first appearance. */
    List<String> keys();
  }

  /**
   * Resolves {@code name}: a shipped data set ({@code wind}, {@code chicago}, {@code pm10}) under
   * {@code home/data}, or a path to a CSV or Avro file. Bad rows are reported to {@code out} and
   * skipped.
   */
  static Dataset resolve(String name, Path home, PrintWriter out) throws IOException {
    String shipped = SHIPPED.get(name.toLowerCase(Locale.ROOT));
    Path file = shipped != null ? home.resolve("data").resolve(shipped) : Path.of(name);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "no data set '"
              + name
              + "': use wind, chicago, pm10, synthetic or the path of a CSV (key,date,value) or"
              + " .avro file"
              + (shipped != null ? " (expected " + file + ")" : ""));
    }
    LoadedData loaded = DataSupport.read(file, false, out);
    if (loaded.data().observations() == 0) {
      throw new IllegalArgumentException(file + " holds no valid observation");
    }
    String label = shipped != null ? name.toLowerCase(Locale.ROOT) : ModelSpec.idFromFileName(file);
    return new Dataset(label, file, loaded, new TimeOrderedFeed(file, loaded.data()));
  }

  /**
   * The model for {@code data}: {@code home/.statecast/models/<name>} when a complete artifact is
   * there (its manifest verified), else one trained now with the default configuration.
   */
  static Path modelFor(Dataset data, Path home, PrintWriter out) throws IOException {
    Path dir = home.resolve(".statecast").resolve("models").resolve(data.name());
    if (Files.exists(dir.resolve("manifest.sha256"))) {
      try {
        ModelArtifact.load(dir);
        return dir;
      } catch (IOException | RuntimeException e) {
        out.println("the model in " + dir + " does not load (" + e.getMessage() + "); retraining");
        deleteQuietly(dir);
      }
    } else if (Files.exists(dir)) {
      deleteQuietly(dir);
    }
    out.println(
        "no model for "
            + data.name()
            + " yet: training one with the default configuration (a minute or two; kept in "
            + dir
            + ")");
    out.flush();
    Files.createDirectories(dir.getParent());
    ModelTrainer.Outcome o =
        ModelTrainer.train(
            data.loaded(),
            TrainConfigs.defaults(),
            dir,
            new ConsoleProgress(out, System.console() != null));
    out.printf(
        Locale.ROOT,
        "trained %s on %d keys: kept epoch %d (%s)%n",
        o.artifact().spec().id(),
        o.keys(),
        o.result().bestEpoch(),
        o.result().stoppedBecause());
    out.flush();
    return dir;
  }

  /**
   * Whether the data set holds an observation at event time 0 (1970-01-01T00:00:00Z, as in the wind
   * data of 1961–1978), which the job refuses by default as an unset time.
   */
  static boolean hasEpochZero(Dataset data) {
    for (KeyedSeries s : data.loaded().data().series()) {
      for (int i = 0; i < s.size(); i++) {
        if (s.time(i) == 0) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * All keys' observations merged in event-time order (ties in key order of first appearance), as a
   * stream of a live system would deliver them.
   */
  static final class TimeOrderedFeed implements DatasetFeed {

    private final String description;
    private final List<String> keys;
    private final List<List<Observation>> series;
    private final PriorityQueue<int[]> next; // [key index, position], ordered by event time
    private final long size;

    TimeOrderedFeed(Path file, SeriesSet data) {
      this.keys = new ArrayList<>();
      this.series = new ArrayList<>();
      for (KeyedSeries s : data.series()) {
        keys.add(s.key());
        series.add(s.observations());
      }
      this.size = data.observations();
      this.description =
          file.getFileName() + ": " + keys.size() + " keys, " + size + " observations";
      this.next =
          new PriorityQueue<>(
              Comparator.<int[]>comparingLong(p -> series.get(p[0]).get(p[1]).getEventTime())
                  .thenComparingInt(p -> p[0]));
      for (int k = 0; k < series.size(); k++) {
        if (!series.get(k).isEmpty()) {
          next.add(new int[] {k, 0});
        }
      }
    }

    @Override
    public boolean hasNext() {
      return !next.isEmpty();
    }

    @Override
    public Observation next() {
      int[] p = next.poll();
      if (p == null) {
        throw new NoSuchElementException();
      }
      List<Observation> s = series.get(p[0]);
      Observation o = s.get(p[1]);
      if (p[1] + 1 < s.size()) {
        next.add(new int[] {p[0], p[1] + 1});
      }
      return o;
    }

    @Override
    public List<String> keys() {
      return keys;
    }

    @Override
    public String describe() {
      return description;
    }

    @Override
    public long size() {
      return size;
    }
  }

  /** Deletes a directory tree, ignoring what cannot be deleted. */
  static void deleteQuietly(Path dir) {
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
              Files.deleteIfExists(f);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              Files.deleteIfExists(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      // best effort: leftovers live in .statecast/, which is ignored by git
    }
  }
}
