package io.statecast.sql;

import io.statecast.avro.ErrorKind;
import io.statecast.avro.Observation;
import io.statecast.model.HeadSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.table.annotation.ArgumentHint;
import org.apache.flink.table.annotation.ArgumentTrait;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.FunctionHint;
import org.apache.flink.table.annotation.StateHint;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.ProcessTableFunction;
import org.apache.flink.types.Row;

/**
 * {@code STATECAST_FORECAST}: the LSTM forecaster as a Flink SQL process table function (FLIP-440).
 * Each key's recurrent state lives in the function's keyed state; every row of the input steps its
 * key's state once and returns the forecast of the horizon, exactly as the DataStream job's
 * operator steps an event (the same validation, order rules, feature encoding and keyed-batch
 * engine: {@link RowStepper}).
 *
 * <pre>
 * CREATE FUNCTION STATECAST_FORECAST AS 'io.statecast.sql.ForecastFunction';
 * SELECT * FROM STATECAST_FORECAST(input => TABLE observations PARTITION BY `key`,
 *                                  model => '/models/wind');
 * </pre>
 *
 * <p><b>Input</b> ({@code input}, a table with set semantics): partitioned by the key column, with
 * the observation's fields as columns ({@link InputColumns}). Every input column is passed through
 * to the output. <b>Model</b> ({@code model}): the artifact directory, loaded and verified against
 * its manifest once per parallel instance of the function (and per distinct path).
 *
 * <p><b>Output</b>: the input's columns, then {@code forecast ARRAY<FLOAT>} (the horizon's point
 * forecasts in target units, {@code forecast[1]} one step ahead; a quantile head's median), {@code
 * intervals ARRAY<ROW<coverage FLOAT, lower ARRAY<FLOAT>, upper ARRAY<FLOAT>>>} (a quantile head's
 * central intervals, widest first, each its nominal coverage and its bounds per step in target
 * units, sorted per step so that {@code lower[j] ≤ forecast[j] ≤ upper[j]}; null for a point head),
 * {@code model_id}, {@code model_version}, {@code steps} (the key's observations absorbed, this one
 * included), {@code error_kind} and {@code error}. A row that cannot be stepped (refused by
 * validation — a missing key, an absurd event time, a non-finite value, the wrong number of
 * features — or a duplicate, a late event, an event-time jump, or an input the model cannot encode)
 * changes nothing and comes out with a null {@code forecast} and {@code intervals}, the key's
 * unchanged {@code steps}, and the reason: {@code error_kind} is the dead letter's {@code
 * ErrorKind} the DataStream job would write, {@code error} its message. Filter with {@code WHERE
 * error IS NULL}, or route the refused rows to a table of their own. The metric group counts {@code
 * forecasts} and {@code refused}.
 *
 * <p><b>What the DataStream job does and this function does not</b>: it applies rows in the order
 * they arrive per key (the job's default {@code --ordering arrival}; no event-time reordering with
 * allowed lateness); it writes no dead-letter topic (refusals are rows, above); it takes no live
 * model updates (the model is the argument: restarting the query from a savepoint with another path
 * keeps each state whose model has the same identity and state shape, as the job's policy {@code
 * KEEP} does, and starts the others from zero); it steps one key at a time (no batching across
 * keys, no overlapped or resident states: see {@code docs/benchmarks.md} for the cost); it keeps no
 * recent observations for re-warming.
 *
 * <p><b>State lifetime</b>: a key's state never expires, as in the job without {@code --state-ttl}.
 * The state entry is declared with a TTL of zero (none), which also keeps {@code
 * table.exec.state.ttl} from applying to it: without a TTL of its own, Flink 2.1 gives a process
 * table function's state an infinite TTL when none is configured, and so wraps every access in its
 * TTL bookkeeping and incremental clean-up for nothing.
 */
@FunctionHint(
    output =
        @DataTypeHint(
            "ROW<forecast ARRAY<FLOAT>,"
                + " intervals ARRAY<ROW<coverage FLOAT, lower ARRAY<FLOAT>, upper ARRAY<FLOAT>>>,"
                + " model_id STRING, model_version INT, steps BIGINT, error_kind STRING,"
                + " error STRING>"))
public class ForecastFunction extends ProcessTableFunction<Row> {

  private static final long serialVersionUID = 1L;

  /** The name the documentation registers the function under. */
  public static final String NAME = "STATECAST_FORECAST";

  private transient Map<String, RowStepper> models;
  private transient InputColumns columns;
  private transient Counter forecasts;
  private transient Counter refused;

  @Override
  public void open(FunctionContext context) throws Exception {
    super.open(context);
    models = new HashMap<>();
    forecasts = context.getMetricGroup().counter("forecasts");
    refused = context.getMetricGroup().counter("refused");
  }

  /**
   * Steps the row's key once.
   *
   * @param memory the key's state
   * @param input a row of the input table
   * @param model the model artifact's directory
   */
  public void eval(
      Context ctx,
      @StateHint(name = "lstm", ttl = "0") ForecastState memory,
      @ArgumentHint(
              value = {ArgumentTrait.SET_SEMANTIC_TABLE, ArgumentTrait.PASS_COLUMNS_THROUGH},
              name = "input")
          Row input,
      @ArgumentHint(name = "model") String model) {
    if (columns == null) {
      columns = InputColumns.of(ctx.tableSemanticsFor("input"));
    }
    RowStepper stepper = stepper(model);
    if (!columns.timed(input)) {
      refuse(stepper, memory, ErrorKind.ABSURD_TIMESTAMP, "the event time is null");
      return;
    }
    Observation o = columns.read(input);
    float[] forecast = new float[stepper.horizon()];
    RowStepper.Refusal r = stepper.step(o, memory, System.currentTimeMillis(), forecast);
    if (r != null) {
      refuse(stepper, memory, r.kind(), r.reason());
      return;
    }
    HeadSpec head = stepper.model().spec().head();
    forecasts.inc();
    collect(
        Row.of(
            block(forecast, head.pointOffset(), head.horizon()),
            intervals(head, forecast),
            stepper.model().id(),
            stepper.model().version(),
            memory.steps,
            null,
            null));
  }

  /**
   * A quantile head's intervals as rows {@code (coverage, lower, upper)}; null for a point head.
   */
  private static Row[] intervals(HeadSpec head, float[] forecast) {
    if (!head.probabilistic()) {
      return null;
    }
    List<HeadSpec.Interval> intervals = head.intervals();
    Row[] out = new Row[intervals.size()];
    for (int i = 0; i < out.length; i++) {
      HeadSpec.Interval in = intervals.get(i);
      out[i] =
          Row.of(
              (float) in.coverage(),
              block(forecast, in.lowerOffset(), head.horizon()),
              block(forecast, in.upperOffset(), head.horizon()));
    }
    return out;
  }

  private static Float[] block(float[] forecast, int from, int n) {
    Float[] values = new Float[n];
    for (int j = 0; j < n; j++) {
      values[j] = forecast[from + j];
    }
    return values;
  }

  private void refuse(RowStepper stepper, ForecastState memory, ErrorKind kind, String reason) {
    refused.inc();
    collect(
        Row.of(
            null,
            null,
            stepper.model().id(),
            stepper.model().version(),
            memory.steps,
            kind.name(),
            reason));
  }

  private RowStepper stepper(String path) {
    if (path == null) {
      throw new IllegalArgumentException("STATECAST_FORECAST needs a model => 'directory'");
    }
    return models.computeIfAbsent(path, RowStepper::load);
  }

  @Override
  public void close() throws Exception {
    if (models != null) {
      models.values().forEach(RowStepper::close);
      models.clear();
    }
    super.close();
  }
}
