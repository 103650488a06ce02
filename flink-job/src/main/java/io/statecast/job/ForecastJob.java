package io.statecast.job;

import io.statecast.artifact.ArtifactException;
import io.statecast.avro.Anomaly;
import io.statecast.avro.DeadLetter;
import io.statecast.avro.Forecast;
import io.statecast.features.EventTimeJump;
import io.statecast.model.ModelSpec;
import io.statecast.modelstore.ModelStore;
import io.statecast.operator.ForecastOperatorConfig;
import io.statecast.operator.LstmForecastOperator;
import io.statecast.source.DecodedRecord;
import io.statecast.source.EventKey;
import io.statecast.source.JumpTolerantWatermarks;
import io.statecast.source.ModelUpdateEvent;
import io.statecast.source.ObservationEvent;
import io.statecast.source.ObservationEventTypeInfo;
import io.statecast.source.SplitDeadLetters;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The Statecast job, wiring only: decoded records in, forecasts, dead letters, late events and
 * anomalies out. Sources and sinks are arguments, so tests and the demo substitute their own (as
 * Flink's training exercises do).
 *
 * <pre>
 * source (decode + validate per record, watermarks per partition)
 *   ─▶ split ──dead──▶ dead letters
 *   ─▶ keyBy(key) ─▶ LSTM forecast operator ──late──▶ late events
 *   model updates ─broadcast─▶ ┘           ──duplicate/unencodable/refused update──▶ dead letters
 *                                          ──actual outside its interval──▶ anomalies
 *                                          ─▶ forecasts
 * </pre>
 */
public final class ForecastJob {

  /** The job's output streams. */
  public record Outputs(
      DataStream<Forecast> forecasts,
      DataStream<DeadLetter> deadLetters,
      DataStream<DeadLetter> lateEvents,
      DataStream<Anomaly> anomalies) {}

  private ForecastJob() {}

  /**
   * Builds the pipeline on {@code env}.
   *
   * @param source the observations
   * @param updates the model updates (from the registry's topic)
   */
  public static Outputs build(
      StreamExecutionEnvironment env,
      Source<DecodedRecord, ?, ?> source,
      Source<ModelUpdateEvent, ?, ?> updates,
      JobSettings settings) {
    ForecastOperatorConfig operator = withJumpBound(settings.operator());
    Duration outOfOrderness = settings.outOfOrderness();
    Duration jumpBound = operator.maxEventTimeJump();
    WatermarkStrategy<DecodedRecord> watermarks =
        WatermarkStrategy.<DecodedRecord>forGenerator(
                ctx -> new JumpTolerantWatermarks(outOfOrderness, jumpBound))
            .withTimestampAssigner((r, ts) -> r.eventTimeOrMin())
            .withIdleness(settings.sourceIdleness());
    SingleOutputStreamOperator<ObservationEvent> valid =
        env.fromSource(source, watermarks, "observations")
            .uid("observations-source")
            .process(new SplitDeadLetters(), ObservationEventTypeInfo.INSTANCE)
            .name("decode")
            .uid("split-dead-letters");
    DataStream<ModelUpdateEvent> modelUpdates =
        env.fromSource(updates, WatermarkStrategy.noWatermarks(), "model-updates")
            .uid("model-updates-source")
            .setParallelism(1);
    SingleOutputStreamOperator<Forecast> forecasts =
        valid
            .keyBy(new EventKey())
            .connect(modelUpdates.broadcast())
            .transform(
                "lstm-forecast",
                TypeInformation.of(Forecast.class),
                new LstmForecastOperator(operator))
            .uid("lstm-forecast");
    DataStream<DeadLetter> dead =
        valid
            .getSideOutput(SplitDeadLetters.DEAD_LETTERS)
            .union(forecasts.getSideOutput(LstmForecastOperator.REFUSED));
    return new Outputs(
        forecasts,
        dead,
        forecasts.getSideOutput(LstmForecastOperator.LATE_EVENTS),
        forecasts.getSideOutput(LstmForecastOperator.ANOMALIES));
  }

  /** Builds the pipeline and attaches the sinks. */
  public static void wire(
      StreamExecutionEnvironment env,
      Source<DecodedRecord, ?, ?> source,
      Source<ModelUpdateEvent, ?, ?> updates,
      Sink<Forecast> forecastSink,
      Sink<DeadLetter> deadLetterSink,
      Sink<DeadLetter> lateEventSink,
      Sink<Anomaly> anomalySink,
      JobSettings settings) {
    Outputs out = build(env, source, updates, settings);
    out.forecasts().sinkTo(forecastSink).name("forecasts").uid("forecasts-sink");
    out.deadLetters().sinkTo(deadLetterSink).name("dead-letters").uid("dead-letters-sink");
    out.lateEvents().sinkTo(lateEventSink).name("late-events").uid("late-events-sink");
    out.anomalies().sinkTo(anomalySink).name("anomalies").uid("anomalies-sink");
  }

  /**
   * {@code c} with its event-time jump bound resolved: the one given, else the model's default
   * ({@link EventTimeJump#defaultFor}), so that the watermarks and the operator use the same.
   */
  static ForecastOperatorConfig withJumpBound(ForecastOperatorConfig c) {
    if (c.maxEventTimeJump() != null) {
      return c;
    }
    try {
      return withJumpBound(c, ModelStore.fileSystems().load(c.modelPath()).spec());
    } catch (ArtifactException e) {
      throw new IllegalArgumentException("cannot read the model " + c.modelPath() + ": " + e, e);
    }
  }

  /** {@code c} with its event-time jump bound resolved from {@code spec}, its model's, if unset. */
  static ForecastOperatorConfig withJumpBound(ForecastOperatorConfig c, ModelSpec spec) {
    return c.maxEventTimeJump() != null
        ? c
        : c.toBuilder().optMaxEventTimeJump(EventTimeJump.defaultFor(spec)).build();
  }
}
