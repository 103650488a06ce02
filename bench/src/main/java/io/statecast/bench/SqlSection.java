package io.statecast.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.statecast.avro.Observation;
import io.statecast.cell.Engine;
import io.statecast.job.JobRunner;
import io.statecast.job.JobSettings;
import io.statecast.model.StandardModels;
import io.statecast.operator.ForecastOperatorConfig;
import io.statecast.sql.ForecastFunction;
import io.statecast.testing.flink.LocalFlink;
import io.statecast.testing.traffic.SyntheticFeed;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
      FlinkSection.Run op = FlinkSection.runOnce(s, operator, events);
      runs.computeIfAbsent("operator", k -> new ArrayList<>()).add(op);
      FlinkSection.print(out, "operator", op);
      FlinkSection.Run sql = runSql(s, events);
      runs.computeIfAbsent("sql", k -> new ArrayList<>()).add(sql);
      FlinkSection.print(out, "sql", sql);
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
    Map<String, Double> medians = new LinkedHashMap<>();
    for (Map.Entry<String, List<FlinkSection.Run>> e : runs.entrySet()) {
      double median =
          Rounds.median(
              e.getValue().stream().mapToDouble(FlinkSection.Run::eventsPerSecond).toArray());
      medians.put(e.getKey(), median);
      ObjectNode m = n.putObject(e.getKey());
      m.put("events_per_s", median);
      ArrayNode a = m.putArray("runs_events_per_s");
      e.getValue().forEach(r -> a.add(r.eventsPerSecond()));
    }
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
          JobSettings.builder(ForecastOperatorConfig.builder(s.modelDir().toString()).build())
              .setCheckpointInterval(Duration.ofSeconds(1))
              .optCheckpointDir(dir.resolve("checkpoints").toUri().toString())
              .setParallelism(s.parallelism())
              .build();
      StreamExecutionEnvironment env =
          LocalFlink.local(JobRunner.flinkConfiguration(job), s.parallelism());
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
      feed =
          new SyntheticFeed(
              keys, StandardModels.INPUTS, SyntheticFeed.START, 7 + context.getIndexOfSubtask());
    }

    @Override
    public Row map(Long index) {
      Observation o = feed.next();
      return Row.of(
          o.getKey(), o.getEventTime(), o.getFeatures().toArray(new Float[0]), o.getTarget());
    }
  }
}
