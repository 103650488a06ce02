package io.statecast.cli;

import io.statecast.avro.Observation;
import io.statecast.wire.ValueCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code statecast produce}: replays a CSV or JSON lines file of observations into a Kafka topic,
 * in any value format, at a rate or as fast as the producer takes them. The options and the wiring
 * are here; {@link RecordFileReader} reads, {@link Pacer} paces, {@link ObservationSender} sends,
 * {@link Replay} loops and {@link ProduceSummary} counts.
 */
@Command(
    name = "produce",
    description = {
      "Replay a CSV or JSON lines file of observations into a Kafka topic.",
      "CSV: a header row; key, time and target columns, every other numeric column a named"
          + " feature. JSON lines: one Observation object per line (key, eventTime, target,"
          + " named, features). Bad lines are skipped and counted (--strict: the first one is an"
          + " error). Exit code 0 when every record read was acknowledged, else 1."
    },
    mixinStandardHelpOptions = true)
public final class ProduceCommand implements Callable<Integer> {

  /** How many skipped lines are printed as they are met. */
  static final int PRINTED_BAD_LINES = 5;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin KafkaOptions kafka = new KafkaOptions();

  @Mixin FormatOptions format = new FormatOptions();

  @Option(
      names = "--input",
      required = true,
      paramLabel = "FILE",
      description = "The file to replay (- for stdin).")
  String input;

  @Option(
      names = "--input-format",
      paramLabel = "FORMAT",
      description =
          "csv or jsonl (default: by the extension: .jsonl or .ndjson JSON lines, else csv).")
  InputFormat inputFormat;

  @Option(names = "--key-column", paramLabel = "NAME", description = "CSV: the key (default: key).")
  String keyColumn;

  @Option(
      names = "--time-column",
      paramLabel = "NAME",
      description = "CSV: the event time (default: the first of " + CsvColumns.TIME_NAMES + ").")
  String timeColumn;

  @Option(
      names = "--target-column",
      paramLabel = "NAME",
      description = "CSV: the target; an empty cell is no target (default: value).")
  String targetColumn;

  @Option(
      names = "--feature-columns",
      paramLabel = "NAME",
      split = ",",
      description = "CSV: the named features (default: every other numeric column).")
  List<String> featureColumns;

  @Option(names = "--no-features", description = "CSV: no named features.")
  boolean noFeatures;

  @Option(
      names = "--zone",
      paramLabel = "ZONE",
      defaultValue = "UTC",
      description = "The zone of local date-times (default: ${DEFAULT-VALUE}).")
  ZoneId zone = ZoneOffset.UTC;

  @Option(
      names = "--topic",
      defaultValue = "observations",
      description = "The topic to write (default: ${DEFAULT-VALUE}).")
  String topic = "observations";

  @Option(
      names = "--rate",
      paramLabel = "N|max",
      defaultValue = "max",
      converter = RateConverter.class,
      description = "Records a second, or max: as fast as the producer takes them (default: max).")
  double rate = Double.POSITIVE_INFINITY;

  @Option(names = "--limit", paramLabel = "N", description = "Send at most N records.")
  Long limit;

  @Option(
      names = "--timestamp",
      paramLabel = "now|event",
      defaultValue = "now",
      description = "The record timestamp: now (the time of sending) or event (the event time).")
  ObservationSender.Timestamp timestamp = ObservationSender.Timestamp.NOW;

  @Option(names = "--strict", description = "Stop with exit code 1 at the first bad line.")
  boolean strict;

  @Option(names = "--no-progress", description = "No progress lines on stderr.")
  boolean noProgress;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (limit != null && limit < 0) {
      throw new IllegalArgumentException("--limit must not be negative, got " + limit);
    }
    String servers = kafka.requiredBootstrapServers();
    var settings = kafka.clientSettings();
    ValueCodec<Observation> codec = codec();
    InputFormat fileFormat = inputFormat != null ? inputFormat : InputFormat.of(input);
    CsvColumns columns = columns(fileFormat);
    ProduceSummary summary = new ProduceSummary();
    try (RecordFileReader reader =
        RecordFileReader.open(open(input), input, fileFormat, columns, zone)) {
      ObservationSender sender =
          new ObservationSender(
              new KafkaProducer<>(ObservationSender.producerProperties(servers, settings)),
              codec,
              topic,
              timestamp,
              summary);
      Replay replay =
          new Replay(
              reader,
              sender,
              Pacer.perSecond(rate),
              summary,
              limit == null ? Long.MAX_VALUE : limit,
              strict,
              line -> skipped(err, summary, line));
      run(replay, sender, summary, out);
      reader.unusedColumns().forEach(c -> err.println("note: column not used: " + c));
    }
    if (summary.stoppedAt() != null) {
      err.println("error: " + input + ": " + summary.stoppedAt() + " (--strict)");
    }
    err.flush();
    return summary.exitCode();
  }

  /**
   * Runs the replay with progress on stderr and a shutdown hook that stops it (Ctrl-C): the records
   * read are flushed and the summary printed either way, once.
   */
  private void run(Replay replay, ObservationSender sender, ProduceSummary summary, PrintWriter out)
      throws IOException, InterruptedException {
    AtomicBoolean reported = new AtomicBoolean();
    CountDownLatch done = new CountDownLatch(1);
    Runnable report =
        () -> {
          if (reported.compareAndSet(false, true)) {
            summary.report(topic).forEach(out::println);
            out.flush();
          }
        };
    Thread hook =
        new Thread(
            () -> {
              summary.interrupted();
              replay.stop();
              try {
                if (!done.await(15, TimeUnit.SECONDS)) {
                  // the reading thread is stuck (e.g. on stdin): flush and report from here
                  sender.flush();
                  summary.finish();
                  report.run();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "statecast-produce-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    ProduceProgress progress =
        ProduceProgress.start(summary, spec.commandLine().getErr(), !noProgress);
    try {
      replay.run();
    } finally {
      progress.close();
      report.run();
      done.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it returns once done counts down
      }
      sender.close();
    }
  }

  private ValueCodec<Observation> codec() throws IOException {
    try {
      return format.settings().codec(Observation.class, topic);
    } catch (UnsupportedOperationException e) {
      throw new IllegalArgumentException(
          "--value-format " + format.format() + " is not available: " + e.getMessage(), e);
    }
  }

  private CsvColumns columns(InputFormat fileFormat) {
    boolean named =
        keyColumn != null
            || timeColumn != null
            || targetColumn != null
            || featureColumns != null
            || noFeatures;
    if (fileFormat == InputFormat.JSONL && named) {
      throw new IllegalArgumentException(
          "--key-column, --time-column, --target-column, --feature-columns and --no-features are"
              + " for CSV input");
    }
    return new CsvColumns(
        keyColumn != null ? keyColumn : CsvColumns.DEFAULT.key(),
        timeColumn,
        targetColumn != null ? targetColumn : CsvColumns.DEFAULT.target(),
        featureColumns,
        noFeatures);
  }

  /** The input, decoded as UTF-8 (a malformed byte becomes U+FFFD rather than failing the run). */
  private static BufferedReader open(String input) throws IOException {
    InputStream in;
    if (input.equals("-")) {
      in = System.in;
    } else {
      Path p = Path.of(input);
      if (!Files.isRegularFile(p)) {
        throw new NoSuchFileException(input + " (no such input file)");
      }
      in = Files.newInputStream(p);
    }
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  private static void skipped(PrintWriter err, ProduceSummary summary, InputLine line) {
    if (summary.skippedTotal() <= PRINTED_BAD_LINES) {
      err.println(
          "skipped line " + line.number() + " (" + line.reason().label() + "): " + line.problem());
      if (summary.skippedTotal() == PRINTED_BAD_LINES) {
        err.println("(further skipped lines are counted, not printed)");
      }
      err.flush();
    }
  }
}
