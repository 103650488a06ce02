package io.statecast.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Boosting settings of the gradient-boosted lag baseline ({@link GbmBaseline}).
 *
 * @param rounds boosting rounds of the point model (trees per horizon)
 * @param eta learning rate of the point model
 * @param maxDepth depth of each tree
 * @param minChildWeight minimum hessian sum in a leaf
 * @param seed the random seed
 * @param quantileRounds boosting rounds of the quantile model (0: no intervals)
 * @param quantileEta learning rate of the quantile model
 */
public record GbmSettings(
    int rounds,
    double eta,
    int maxDepth,
    double minChildWeight,
    long seed,
    int quantileRounds,
    double quantileEta) {

  /** The protocol's settings. */
  public static final GbmSettings DEFAULT = new GbmSettings(300, 0.05, 6, 1, 42, 50, 0.2);

  public GbmSettings {
    if (rounds < 1 || eta <= 0 || maxDepth < 1 || minChildWeight < 0) {
      throw new IllegalArgumentException("invalid boosting settings " + rounds + ", " + eta);
    }
    if (quantileRounds < 0 || quantileEta <= 0) {
      throw new IllegalArgumentException("invalid quantile settings " + quantileRounds);
    }
  }

  /** Point forecasts only. */
  public GbmSettings withoutIntervals() {
    return new GbmSettings(rounds, eta, maxDepth, minChildWeight, seed, 0, quantileEta);
  }

  Map<String, Object> params() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("objective", "reg:absoluteerror");
    p.put("tree_method", "hist");
    p.put("eta", eta);
    p.put("max_depth", maxDepth);
    p.put("min_child_weight", minChildWeight);
    p.put("subsample", 1.0);
    p.put("seed", seed);
    p.put("nthread", 1);
    p.put("verbosity", 0);
    return p;
  }

  Map<String, Object> quantileParams(QuantileLevels levels) {
    Map<String, Object> p = params();
    p.put("objective", "reg:quantileerror");
    p.put("quantile_alpha", java.util.Arrays.toString(levels.levels()));
    p.put("eta", quantileEta);
    return p;
  }
}
