package io.statecast.testing.traffic;

import io.statecast.avro.Forecast;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Scores forecasts as the actuals arrive: each forecast carries its observation's target, which is
 * the actual of the previous forecast's first step. Compares the model's one-step forecast with
 * persistence (the previous value) and seasonal naive (the value 7 observations back). Thread-safe.
 */
public final class AccuracyTracker {

  private static final int SEASON = 7;

  private final Map<String, KeyTrack> keys = new HashMap<>();
  private double modelError;
  private double persistenceError;
  private double seasonalError;
  private long scored;
  private long seasonalScored;
  private double seasonalModelError;

  private static final class KeyTrack {
    float lastForecast = Float.NaN;
    final ArrayDeque<Float> history = new ArrayDeque<>();
  }

  /** Scores the previous forecast of the key against this one's target, then remembers this one. */
  public synchronized void add(Forecast f) {
    if (f.getTarget() == null || f.getValues().isEmpty()) {
      return;
    }
    float actual = f.getTarget();
    KeyTrack t = keys.computeIfAbsent(f.getKey(), k -> new KeyTrack());
    if (!Float.isNaN(t.lastForecast) && !t.history.isEmpty()) {
      double model = Math.abs(actual - t.lastForecast);
      modelError += model;
      persistenceError += Math.abs(actual - t.history.peekLast());
      scored++;
      if (t.history.size() == SEASON) {
        seasonalError += Math.abs(actual - t.history.peekFirst());
        seasonalModelError += model;
        seasonalScored++;
      }
    }
    t.lastForecast = f.getValues().get(0);
    t.history.addLast(actual);
    if (t.history.size() > SEASON) {
      t.history.removeFirst();
    }
  }

  /** One-step MAE of the model, persistence and seasonal naive, on the points each could score. */
  public synchronized Scores scores() {
    return new Scores(
        scored == 0 ? Double.NaN : modelError / scored,
        scored == 0 ? Double.NaN : persistenceError / scored,
        scored,
        seasonalScored == 0 ? Double.NaN : seasonalModelError / seasonalScored,
        seasonalScored == 0 ? Double.NaN : seasonalError / seasonalScored,
        seasonalScored);
  }

  /**
   * Mean absolute errors of one-step forecasts.
   *
   * @param model the model's MAE on the points persistence can score
   * @param persistence persistence's MAE there
   * @param n how many points
   * @param modelSeasonal the model's MAE on the points seasonal naive can score
   * @param seasonalNaive seasonal naive's MAE there
   * @param nSeasonal how many points
   */
  public record Scores(
      double model,
      double persistence,
      long n,
      double modelSeasonal,
      double seasonalNaive,
      long nSeasonal) {}
}
