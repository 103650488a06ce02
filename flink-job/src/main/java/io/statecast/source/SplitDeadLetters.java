package io.statecast.source;

import io.statecast.avro.DeadLetter;
import io.statecast.avro.ErrorKind;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Splits decoded records: valid events go on, dead letters go to the {@link #DEAD_LETTERS} side
 * output, counted in total ({@code deadLetters}) and per kind ({@code deadLetters_<KIND>}).
 */
public final class SplitDeadLetters extends ProcessFunction<DecodedRecord, ObservationEvent> {

  private static final long serialVersionUID = 1L;

  /** Records that could not be used, with the reason. */
  public static final OutputTag<DeadLetter> DEAD_LETTERS =
      new OutputTag<>(
          "dead-letters",
          org.apache.flink.api.common.typeinfo.TypeInformation.of(DeadLetter.class));

  private transient Counter total;
  private transient Map<ErrorKind, Counter> byKind;

  @Override
  public void open(OpenContext context) {
    var group = getRuntimeContext().getMetricGroup();
    total = group.counter("deadLetters");
    byKind = new EnumMap<>(ErrorKind.class);
    for (ErrorKind k : ErrorKind.values()) {
      byKind.put(k, group.counter("deadLetters_" + k.name()));
    }
  }

  @Override
  public void processElement(DecodedRecord r, Context ctx, Collector<ObservationEvent> out) {
    if (r.isValid()) {
      out.collect(r.event);
    } else {
      total.inc();
      byKind.get(r.deadLetter.getKind()).inc();
      ctx.output(DEAD_LETTERS, r.deadLetter);
    }
  }
}
