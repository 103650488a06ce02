package io.statecast.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.statecast.avro.Observation;
import io.statecast.cell.Engine;
import io.statecast.job.JobSettings;
import io.statecast.operator.ForecastOperatorConfig;
import io.statecast.sql.ForecastFunction;
import io.statecast.testing.traffic.SyntheticFeed;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;

/**
 * What SQL costs: the same generated observations and model through the DataStream job's batched
 * operator (the flink section's graph, steps on the operator thread) and through the SQL process
 * table function {@link ForecastFunction} (a query over the generated rows, its output discarded),
 * alternating, each on a fresh local cluster with checkpoints every second. The function steps one
 * key at a time (a batch of one) and converts its state between Flink's table format and Java on
 * every row; the operator steps a batch of many keys per kernel call.
 */
final class SqlSection {

  /** Events per run at most: the function is the slower contender, and the run stays short. */
  static final long MAX_EVENTS = 200_000;

  private SqlSection() {}

  static ObjectNode run(BenchSettings s) throws Exception {
    PrintWriter out = s.out();
    long events = Math.min(MAX_EVENTS, s.e2eEvents());
    int repeats = Math.min(3, s.e2eRepeats());
    out.printf(
        Locale.ROOT,
        "%n== sql: the batched operator vs the SQL function STATECAST_FORECAST (generated input,"
            + " discarded output), %,d events, %,d keys, parallelism %d, batch %d ==%n",
        events,
        E2eSection.KEYS,
        s.parallelism(),
        s.batchSize());
    out.flush();
    FlinkSection.Contender operator = new FlinkSection.Contender("operator", Engine.DEFAULT, false);
    if (s.e2eWarmups() > 0) {
      FlinkSection.print(out, "warm-up operator", FlinkSection.runOnce(s, operator, events));
      FlinkSection.print(out, "warm-up sql", runSql(s, events));
    }
    Map<String, List<FlinkSection.Run>> runs = new LinkedHashMap<>();
    for (int i = 0; i < repeats; i++) {
      FlinkSection.record(out, runs, "operator", FlinkSection.runOnce(s, operator, events));
      FlinkSection.record(out, runs, "sql", runSql(s, events));
    }
    ObjectNode n = BenchJson.object();
    n.put("events", events);
    n.put("keys", E2eSection.KEYS);
    n.put("parallelism", s.parallelism());
    n.put("batch_size", s.batchSize());
    n.put(
        "order",
        (s.e2eWarmups() > 0 ? "one discarded warm-up pair, then " : "")
            + repeats
            + " x (batched operator, SQL function), each on a fresh local cluster; medians");
    Map<String, Double> medians = FlinkSection.medians(n, runs);
    double ratio = medians.get("sql") / medians.get("operator");
    n.put("sql_over_operator", ratio);
    out.printf(Locale.ROOT, "  SQL function / batched operator: %.2fx%n", ratio);
    out.flush();
    return n;
  }

  /** One run of the SQL function over {@code events} generated rows. */
  private static FlinkSection.Run runSql(BenchSettings s, long events) throws Exception {
    Path dir = Files.createTempDirectory(s.workDir(), "sql-");
    try {
      JobSettings job =
          FlinkSection.jobSettings(
              s, ForecastOperatorConfig.builder(s.modelDir().toString()).build(), dir);
      StreamExecutionEnvironment env = FlinkSection.localEnvironment(s, job);
      DataStream<Row> rows =
          env.fromSource(
              new DataGeneratorSource<>(
                  new SyntheticRows(E2eSection.KEYS),
                  events,
                  Types.ROW_NAMED(
                      new String[] {"key", "eventTime", "features", "target"},
                      Types.STRING,
                      Types.LONG,
                      Types.OBJECT_ARRAY(Types.FLOAT),
                      Types.FLOAT)),
              WatermarkStrategy.noWatermarks(),
              "generated");
      StreamTableEnvironment tables = StreamTableEnvironment.create(env);
      tables.createTemporaryView("observations", rows);
      tables.createTemporarySystemFunction(ForecastFunction.NAME, ForecastFunction.class);
      Table out =
          tables.sqlQuery(
              "SELECT forecast, steps, error FROM "
                  + ForecastFunction.NAME
                  + "(input => TABLE observations PARTITION BY `key`, model => '"
                  + s.modelDir()
                  + "')");
      tables.toDataStream(out).sinkTo(new DiscardingSink<>());
      JobExecutionResult result = env.execute("statecast-bench-sql");
      return new FlinkSection.Run(
          events, result.getNetRuntime(TimeUnit.MILLISECONDS) / 1000.0, Map.of(), 0);
    } finally {
      BenchFiles.deleteQuietly(dir);
    }
  }

  /** The e2e section's synthetic observations as rows, one feed per source reader. */
  static final class SyntheticRows implements GeneratorFunction<Long, Row> {
    private static final long serialVersionUID = 1L;
    private final int keys;
    private transient SyntheticFeed feed;

    SyntheticRows(int keys) {
      this.keys = keys;
    }

    @Override
    public void open(SourceReaderContext context) {
      feed = FlinkSection.feed(keys, context);
    }

    @Override
    public Row map(Long index) {
      Observation o = feed.next();
      return Row.of(
          o.getKey(), o.getEventTime(), o.getFeatures().toArray(new Float[0]), o.getTarget());
    }
  }
}
