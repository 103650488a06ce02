package io.statecast.train;

import io.statecast.data.KeyedSeries;
import io.statecast.data.SeriesSet;
import io.statecast.features.Embeddings;
import io.statecast.model.Cadence;
import io.statecast.model.EmbeddingSource;
import io.statecast.model.EmbeddingSpec;
import io.statecast.model.FeatureKind;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The vocabularies of the embeddings to train, fitted on the training parts: the keys in sorted
 * order, the seven days of the week, or the distinct values of a category column in numeric order.
 * Categories met later and not listed read the table's unknown row.
 */
final class EmbeddingFit {

  /** A column with more distinct values than this is not taken for a category. */
  static final int MAX_VOCABULARY = 100_000;

  private EmbeddingFit() {}

  /** The embeddings of {@code options} over {@code train}, observed at {@code cadence}. */
  static List<EmbeddingSpec> fit(List<EmbeddingOption> options, SeriesSet train, Cadence cadence) {
    List<EmbeddingSpec> out = new ArrayList<>();
    for (EmbeddingOption o : options) {
      out.add(
          switch (o.source()) {
            case KEY -> keys(o, train);
            case DAY_OF_WEEK -> days(o, cadence);
            case COLUMN -> column(o, train);
          });
    }
    return out;
  }

  private static EmbeddingSpec keys(EmbeddingOption o, SeriesSet train) {
    TreeSet<String> keys = new TreeSet<>();
    for (KeyedSeries s : train.series()) {
      keys.add(s.key());
    }
    return new EmbeddingSpec(o.name(), EmbeddingSource.KEY, 0, List.copyOf(keys), o.dim());
  }

  private static EmbeddingSpec days(EmbeddingOption o, Cadence cadence) {
    if (!cadence.calendar().contains(FeatureKind.DAY_OF_WEEK_SIN)) {
      throw new IllegalArgumentException(
          "model.embeddings: a day_of_week embedding needs data observed within the week; "
              + cadence.label()
              + " data falls on the same weekday every time");
    }
    List<String> days = Arrays.stream(DayOfWeek.values()).map(DayOfWeek::name).toList();
    return new EmbeddingSpec(o.name(), EmbeddingSource.DAY_OF_WEEK, 0, days, o.dim());
  }

  private static EmbeddingSpec column(EmbeddingOption o, SeriesSet train) {
    int index = train.featureNames().indexOf(o.column());
    if (index < 0) {
      throw new IllegalArgumentException(
          "model.embeddings: the data has no column '"
              + o.column()
              + "' (its extra columns: "
              + train.featureNames()
              + "; key and day_of_week are the other sources)");
    }
    TreeMap<Float, String> values = new TreeMap<>();
    for (KeyedSeries s : train.series()) {
      for (int t = 0; t < s.size(); t++) {
        float v = s.observation(t).getFeatures().get(index);
        values.computeIfAbsent(v, Embeddings::columnCategory);
        if (values.size() > MAX_VOCABULARY) {
          throw new IllegalArgumentException(
              "model.embeddings: column '"
                  + o.column()
                  + "' has more than "
                  + MAX_VOCABULARY
                  + " distinct values; an embedding is for category codes");
        }
      }
    }
    return new EmbeddingSpec(
        o.name(), EmbeddingSource.COLUMN, index, List.copyOf(values.values()), o.dim());
  }
}
