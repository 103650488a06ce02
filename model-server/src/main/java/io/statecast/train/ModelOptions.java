package io.statecast.train;

import io.statecast.model.Adaptation;
import io.statecast.model.CellVariant;
import io.statecast.model.Connection;
import io.statecast.model.HeadSpec;
import io.statecast.model.StackSpec;
import io.statecast.model.WindowSpec;
import java.util.List;

/**
 * What model to train (the {@code "model"} part of a training configuration).
 *
 * @param id the model id (null: derived from the data file's name)
 * @param features input feature groups; {@code target} must be among them
 * @param variant {@code fused} or {@code peephole}
 * @param hidden cell size {@code H}
 * @param projection LSTMP size {@code R < H}, 0 for none
 * @param layers stack depth {@code L}
 * @param connection how layers connect ({@code plain, residual, dense, highway, grid})
 * @param feeds which earlier layers feed each layer of a dense stack ({@link FeedPattern}; null:
 *     all of them); only with {@code connection = dense}
 * @param window the window {@code W} of a bidirectional first layer with time-step attention
 *     ({@link io.statecast.model.WindowStacks}; 2 to 256), 0 for none; needs at least 2 layers and
 *     plain connections
 * @param g2 train G2-LSTM gates (Gumbel-sigmoid input and forget gates, hardened for serving)
 * @param horizon forecast steps per event
 * @param autoregressive window {@code k} of the linear autoregressive term over the target (0:
 *     none)
 * @param quantiles the levels of a quantile head ({@link HeadSpec}: strictly increasing in (0, 1),
 *     including 0.5); empty (or null) for a point head
 * @param nonNegative served forecasts are clipped at zero (counts, amounts); null: when every
 *     training target is non-negative
 * @param embeddings learned embeddings of categorical inputs appended to the numeric ones ({@link
 *     EmbeddingOption}); empty (or null) for none
 * @param adaptMedian the step of the per-key online shift of a quantile head's whole forecast,
 *     tracked on the median ({@link io.statecast.model.Adaptation#median()}, in the key's standard
 *     deviations; 0: none); a point head ignores it
 * @param adaptIntervals the step of the per-key online offsets of the other levels, the intervals'
 *     bounds ({@link io.statecast.model.Adaptation#intervals()}; 0: none)
 */
public record ModelOptions(
    String id,
    List<FeatureSet> features,
    CellVariant variant,
    int hidden,
    int projection,
    int layers,
    Connection connection,
    FeedPattern feeds,
    int window,
    boolean g2,
    int horizon,
    int autoregressive,
    List<Double> quantiles,
    Boolean nonNegative,
    List<EmbeddingOption> embeddings,
    double adaptMedian,
    double adaptIntervals) {

  public ModelOptions {
    features = features == null ? List.of() : List.copyOf(features);
    if (!features.contains(FeatureSet.TARGET)) {
      throw new IllegalArgumentException("model.features must include 'target'");
    }
    if (features.stream().distinct().count() != features.size()) {
      throw new IllegalArgumentException("model.features lists a group twice: " + features);
    }
    require(hidden >= 1 && hidden <= 4096, "model.hidden must be between 1 and 4096", hidden);
    require(
        projection == 0 || (projection > 0 && projection < hidden),
        "model.projection must be 0 or between 1 and hidden - 1",
        projection);
    require(layers >= 1 && layers <= 16, "model.layers must be between 1 and 16", layers);
    require(horizon >= 1 && horizon <= 366, "model.horizon must be between 1 and 366", horizon);
    require(
        autoregressive >= 0 && autoregressive <= 366,
        "model.autoregressive must be between 0 and 366",
        autoregressive);
    if (variant == null || connection == null) {
      throw new IllegalArgumentException("model.variant and model.connection are required");
    }
    feeds = feeds == null ? FeedPattern.ALL : feeds;
    checkFeeds(layers, connection, feeds);
    if (window != 0) {
      try {
        stackOf(layers, connection, feeds, window);
      } catch (IllegalArgumentException e) { // reported as the option it comes from
        throw new IllegalArgumentException(
            "model.window " + window + ": " + e.getMessage().replaceFirst("^stack\\.window ", ""));
      }
    }
    require(
        adaptMedian >= 0 && adaptMedian <= 1,
        "model.adaptMedian must be between 0 and 1",
        adaptMedian);
    require(
        adaptIntervals >= 0 && adaptIntervals <= 1,
        "model.adaptIntervals must be between 0 and 1",
        adaptIntervals);
    quantiles = quantiles == null ? List.of() : List.copyOf(quantiles);
    embeddings = embeddings == null ? List.of() : List.copyOf(embeddings);
    if (embeddings.stream().map(EmbeddingOption::name).distinct().count() != embeddings.size()) {
      throw new IllegalArgumentException("model.embeddings lists a source twice: " + embeddings);
    }
    try {
      new HeadSpec(horizon, autoregressive, 0, quantiles, false); // validates the levels
    } catch (IllegalArgumentException e) { // reported as the option it comes from, not chained
      throw new IllegalArgumentException(e.getMessage().replaceFirst("^head\\.", "model."));
    }
  }

  /**
   * The head these options describe (the autoregressive term reads input 0, the target), clipped at
   * zero as {@link #nonNegative} says or, when it is null, as {@code targetsNonNegative} (whether
   * every training target is at least 0) says.
   */
  public HeadSpec head(boolean targetsNonNegative) {
    boolean clip = nonNegative != null ? nonNegative : targetsNonNegative;
    HeadSpec head = new HeadSpec(horizon, autoregressive, 0, quantiles, clip);
    return head.probabilistic()
        ? head.withAdaptation(new Adaptation(adaptMedian, adaptIntervals))
        : head;
  }

  /** Whether the head forecasts quantiles. */
  public boolean probabilistic() {
    return !quantiles.isEmpty();
  }

  /** The stack these options describe. */
  public StackSpec stack() {
    return stackOf(layers, connection, feeds, window);
  }

  private static StackSpec stackOf(int layers, Connection connection, FeedPattern feeds, int w) {
    return new StackSpec(
        layers, connection, feeds.resolve(layers), w == 0 ? null : new WindowSpec(w));
  }

  private static void checkFeeds(int layers, Connection connection, FeedPattern feeds) {
    if (feeds.all()) {
      return;
    }
    if (connection != Connection.DENSE) {
      throw new IllegalArgumentException(
          "model.feeds '"
              + feeds
              + "' chooses the inputs of a dense stack; set model.connection to dense (or"
              + " model.feeds to all)");
    }
    try {
      new StackSpec(layers, connection, feeds.resolve(layers));
    } catch (IllegalArgumentException e) { // reported as the option it comes from
      throw new IllegalArgumentException(
          "model.feeds '" + feeds + "' for " + layers + " layers: " + e.getMessage());
    }
  }

  static void require(boolean ok, String message, Object value) {
    if (!ok) {
      throw new IllegalArgumentException(message + ", got " + value);
    }
  }
}
