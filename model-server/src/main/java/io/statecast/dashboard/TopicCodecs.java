package io.statecast.dashboard;

import io.statecast.avro.Anomaly;
import io.statecast.avro.DeadLetter;
import io.statecast.avro.Forecast;
import io.statecast.avro.Observation;
import io.statecast.wire.ValueCodec;
import io.statecast.wire.format.FormatSettings;
import java.io.IOException;

/**
 * The codecs of the dashboard's five topics, in the format the job writes them ({@link
 * DashboardConfig#format()}); with {@code avro-registry}, each topic's codec names its own subject
 * ({@code <topic>-value}).
 *
 * @param observations of the observations topic
 * @param forecasts of the forecasts topic
 * @param deadLetters of the dead-letters topic
 * @param lateEvents of the late-events topic
 * @param anomalies of the anomalies topic
 */
record TopicCodecs(
    ValueCodec<Observation> observations,
    ValueCodec<Forecast> forecasts,
    ValueCodec<DeadLetter> deadLetters,
    ValueCodec<DeadLetter> lateEvents,
    ValueCodec<Anomaly> anomalies) {

  /**
   * The codecs of {@code topics} in {@code format}.
   *
   * @throws IOException if the format's writer schema directory cannot be read
   */
  static TopicCodecs of(DashboardTopics topics, FormatSettings format) throws IOException {
    return new TopicCodecs(
        format.codec(Observation.class, topics.observations()),
        format.codec(Forecast.class, topics.forecasts()),
        format.codec(DeadLetter.class, topics.deadLetters()),
        format.codec(DeadLetter.class, topics.lateEvents()),
        format.codec(Anomaly.class, topics.anomalies()));
  }
}
