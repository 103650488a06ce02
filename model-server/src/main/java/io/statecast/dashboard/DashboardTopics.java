package io.statecast.dashboard;

/**
 * The topics the dashboard reads: those of the running job ({@code statecast job}'s defaults).
 *
 * @param observations the job's input ({@code Observation})
 * @param forecasts the job's output ({@code Forecast}, written in transactions)
 * @param deadLetters records the job could not use ({@code DeadLetter})
 * @param lateEvents events behind the allowed lateness ({@code DeadLetter} of kind LATE_EVENT)
 * @param anomalies actuals outside their forecast interval ({@code Anomaly}); read when it exists
 *     (a job from before anomaly flags has none)
 */
public record DashboardTopics(
    String observations,
    String forecasts,
    String deadLetters,
    String lateEvents,
    String anomalies) {

  /**
   * {@code observations}, {@code forecasts}, {@code dead-letters}, {@code late-events}, {@code
   * anomalies}.
   */
  public static final DashboardTopics DEFAULT =
      new DashboardTopics("observations", "forecasts", "dead-letters", "late-events", "anomalies");

  public DashboardTopics {
    check(observations, "observations");
    check(forecasts, "forecasts");
    check(deadLetters, "dead letters");
    check(lateEvents, "late events");
    check(anomalies, "anomalies");
    if (new java.util.HashSet<>(
                java.util.List.of(observations, forecasts, deadLetters, lateEvents, anomalies))
            .size()
        != 5) {
      throw new IllegalArgumentException("the dashboard's five topics must be distinct");
    }
  }

  /** The four topics given, anomalies on {@code anomalies}. */
  public DashboardTopics(
      String observations, String forecasts, String deadLetters, String lateEvents) {
    this(observations, forecasts, deadLetters, lateEvents, "anomalies");
  }

  private static void check(String topic, String what) {
    if (topic == null || !topic.matches("[A-Za-z0-9._-]{1,249}")) {
      throw new IllegalArgumentException(
          "the "
              + what
              + " topic must be 1-249 letters, digits, '.', '_' or '-', got "
              + (topic == null ? "none" : "'" + topic + "'"));
    }
  }
}
