package io.statecast.source;

import io.statecast.avro.DeadLetter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Splits decoded records: valid events go on, dead letters go to the {@link #DEAD_LETTERS} side
 * output, counted ({@link DeadLetterCounts}: {@code deadLetters} in total and per {@code kind}).
 */
public final class SplitDeadLetters extends ProcessFunction<DecodedRecord, ObservationEvent> {

  private static final long serialVersionUID = 1L;

  /** Records that could not be used, with the reason. */
  public static final OutputTag<DeadLetter> DEAD_LETTERS =
      new OutputTag<>(
          "dead-letters",
          org.apache.flink.api.common.typeinfo.TypeInformation.of(DeadLetter.class));

  private transient DeadLetterCounts counts;

  @Override
  public void open(OpenContext context) {
    counts = new DeadLetterCounts(getRuntimeContext().getMetricGroup());
  }

  @Override
  public void processElement(DecodedRecord r, Context ctx, Collector<ObservationEvent> out) {
    if (r.isValid()) {
      out.collect(r.event);
    } else {
      counts.count(r.deadLetter.getKind());
      ctx.output(DEAD_LETTERS, r.deadLetter);
    }
  }
}
