package io.statecast.source;

import io.statecast.avro.ErrorKind;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The job's one way of counting dead letters, wherever a record is set aside with a reason (the
 * decoding step before the operator, the operator's refusals): a total {@code deadLetters} and, in
 * the key/value group {@code kind}, one {@code deadLetters} counter per {@link ErrorKind}, so that
 * the kind is a label rather than part of the name. Flink's Prometheus reporter exports them as
 * {@code flink_taskmanager_job_task_operator_deadLetters} and {@code
 * flink_taskmanager_job_task_operator_kind_deadLetters{kind="LATE_EVENT",…}}; the REST API names
 * them {@code OPERATOR.deadLetters} and {@code OPERATOR.kind.LATE_EVENT.deadLetters}. Every kind is
 * registered when the counts are made, so an alert's {@code rate()} sees zeros rather than absent
 * series. A record is counted where it is emitted, once.
 */
public final class DeadLetterCounts {

  /** The metric name of the total and of each kind's counter. */
  public static final String NAME = "deadLetters";

  /** The key of the key/value group whose value is the kind. */
  public static final String KIND = "kind";

  private final Counter total;
  private final Map<ErrorKind, Counter> byKind = new EnumMap<>(ErrorKind.class);

  /** Registers the counters in {@code group} (an operator's metric group). */
  public DeadLetterCounts(MetricGroup group) {
    total = group.counter(NAME);
    for (ErrorKind k : ErrorKind.values()) {
      byKind.put(k, group.addGroup(KIND, k.name()).counter(NAME));
    }
  }

  /** Counts one dead letter of kind {@code kind}. */
  public void count(ErrorKind kind) {
    total.inc();
    byKind.get(kind).inc();
  }

  /** The total so far (for tests). */
  public long total() {
    return total.getCount();
  }

  /** The count of kind {@code kind} so far (for tests). */
  public long of(ErrorKind kind) {
    return byKind.get(kind).getCount();
  }
}
