package io.statecast.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.statecast.avro.Observation;
import io.statecast.testing.kafka.EmbeddedKafkaExtension;
import io.statecast.testing.kafka.TopicReader;
import io.statecast.testing.registry.TestSchemaRegistryExtension;
import io.statecast.wire.Decoded;
import io.statecast.wire.ValueCodec;
import io.statecast.wire.ValueFormat;
import io.statecast.wire.WireCodec;
import io.statecast.wire.format.FormatSettings;
import io.statecast.wire.registry.RegistrySettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * {@code statecast produce} against a real (in-process) broker, as a user runs it: files replayed
 * in each value format and read back, JSON lines, bad lines, the limit, a send that fails.
 */
class ProduceCommandIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String[] KEYS = {"north", "south", "east"};
  private static final AtomicInteger TOPICS = new AtomicInteger();

  @RegisterExtension static final EmbeddedKafkaExtension kafka = EmbeddedKafkaExtension.create();

  @RegisterExtension
  static final TestSchemaRegistryExtension registries = TestSchemaRegistryExtension.create();

  @TempDir Path tmp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  /** A fresh topic of 3 partitions (the broker does not create topics by itself). */
  private static String topic() {
    String name = "obs-" + TOPICS.incrementAndGet();
    kafka.broker().createTopic(name, 3);
    return name;
  }

  private int produce(String topic, String... args) {
    CommandLine cl = CliErrors.install(new CommandLine(new ProduceCommand()));
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--bootstrap-servers",
            kafka.broker().bootstrapServers(),
            "--topic",
            topic,
            "--no-progress"));
    return cl.execute(all.toArray(String[]::new));
  }

  /** 200 rows over 3 keys, one day apart within a key; every 10th row without a target. */
  private static List<Observation> expected() {
    List<Observation> list = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      String key = KEYS[i % 3];
      long time = LocalDate.of(2024, 1, 1).plusDays(i / 3).toEpochDay() * 86_400_000L;
      Float target = i % 10 == 9 ? null : i * 0.5f;
      list.add(Observation.newBuilder().setKey(key).setEventTime(time).setTarget(target).build());
    }
    return list;
  }

  private Path csv(List<Observation> rows, String... badLines) throws IOException {
    StringBuilder b = new StringBuilder("key,date,value\n");
    for (int i = 0; i < rows.size(); i++) {
      Observation o = rows.get(i);
      b.append(o.getKey())
          .append(',')
          .append(LocalDate.ofEpochDay(o.getEventTime() / 86_400_000L))
          .append(',')
          .append(o.getTarget() == null ? "" : String.format(Locale.ROOT, "%s", o.getTarget()))
          .append('\n');
      if (i < badLines.length) {
        b.append(badLines[i]).append('\n');
      }
    }
    Path f = tmp.resolve("replay.csv");
    Files.writeString(f, b);
    return f;
  }

  private static List<ConsumerRecord<byte[], byte[]>> readBack(String topic, int count) {
    return await("records on " + topic)
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> TopicReader.readAll(kafka.broker().clientProperties(), topic, false, WAIT),
            r -> r.size() >= count);
  }

  private static List<Observation> decode(
      List<ConsumerRecord<byte[], byte[]>> records, ValueCodec<Observation> codec)
      throws Exception {
    List<Observation> list = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      Decoded<Observation> d = codec.decode(r.value());
      assertThat(d.isOk()).as("%s", d).isTrue();
      Observation o = ((Decoded.Ok<Observation>) d).value();
      assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(o.getKey());
      list.add(o);
    }
    return list;
  }

  /** Observations in input order: by time, then by key in the order of {@link #KEYS}. */
  private static List<Observation> sorted(List<Observation> list) {
    List<String> order = List.of(KEYS);
    return list.stream()
        .sorted(
            java.util.Comparator.comparingLong(Observation::getEventTime)
                .thenComparingInt(o -> order.indexOf(o.getKey())))
        .toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"avro", "json", "avro-registry"})
  void replaysACsvFileInEachValueFormat(String formatName) throws Exception {
    ValueFormat format = ValueFormat.parse(formatName);
    String topic = topic();
    List<Observation> rows = expected();
    long before = System.currentTimeMillis();
    List<String> args =
        new ArrayList<>(List.of("--input", csv(rows).toString(), "--value-format", formatName));
    RegistrySettings registry = null;
    if (format == ValueFormat.AVRO_REGISTRY) {
      registry = registries.registry().settings();
      args.addAll(List.of("--schema-registry-url", registry.url().toString()));
    }
    int code = produce(topic, args.toArray(String[]::new));
    long after = System.currentTimeMillis();
    assertThat(code).as("stdout:%n%s%nstderr:%n%s", out, err).isZero();

    List<ConsumerRecord<byte[], byte[]>> records = readBack(topic, rows.size());
    ValueCodec<Observation> codec =
        format == ValueFormat.AVRO
            ? WireCodec.observations()
            : new FormatSettings(format, null, registry).codec(Observation.class, topic);
    assertThat(records).hasSize(rows.size());
    if (registry != null) {
      assertThat(registries.registry().subjects()).contains(topic + "-value");
    }
    assertThat(sorted(decode(records, codec))).containsExactlyElementsOf(rows);
    assertThat(records).allSatisfy(r -> assertThat(r.timestamp()).isBetween(before, after));
    assertThat(out.toString())
        .contains("lines read: 201")
        .contains("records read: 200")
        .contains("records sent: 200 to " + topic)
        .contains("records acknowledged: 200")
        .contains("lines skipped: 0")
        .contains("send failures: 0");
  }

  @Test
  void replaysJsonLinesToTheSameRecordsWithEventTimestamps() throws Exception {
    String topic = topic();
    List<Observation> rows = expected();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < rows.size(); i++) {
      Observation o = rows.get(i);
      String time =
          i % 2 == 0
              ? Long.toString(o.getEventTime())
              : "\"" + Instant.ofEpochMilli(o.getEventTime()) + "\"";
      b.append(
          String.format(
              Locale.ROOT,
              "{\"key\":\"%s\",\"eventTime\":%s,\"target\":%s}%n",
              o.getKey(),
              time,
              o.getTarget()));
    }
    Path f = tmp.resolve("replay.jsonl");
    Files.writeString(f, b);
    int code = produce(topic, "--input", f.toString(), "--timestamp", "event");
    assertThat(code).as("stdout:%n%s%nstderr:%n%s", out, err).isZero();

    List<ConsumerRecord<byte[], byte[]>> records = readBack(topic, rows.size());
    assertThat(records).hasSize(rows.size());
    assertThat(sorted(decode(records, WireCodec.observations()))).containsExactlyElementsOf(rows);
    assertThat(records)
        .allSatisfy(
            r ->
                assertThat(r.timestamp())
                    .isEqualTo(WireCodec.observations().decode(r.value()).value().getEventTime()));
  }

  @Test
  void skipsAndCountsBadLinesAndStrictStopsAtTheFirst() throws Exception {
    String topic = topic();
    List<Observation> rows = expected();
    Path f = csv(rows, "north,2024-13-45,1", "south,2024-01-02,1,2", "east,2024-01-02,many");
    assertThat(produce(topic, "--input", f.toString())).as("%s%s", out, err).isZero();
    assertThat(readBack(topic, rows.size())).hasSize(rows.size());
    assertThat(out.toString())
        .contains("lines read: 204")
        .contains("records acknowledged: 200")
        .contains("lines skipped: 3 (columns 1, time 1, number 1)");
    assertThat(err.toString())
        .contains("skipped line 3 (time)")
        .contains("skipped line 5 (columns)")
        .contains("skipped line 7 (number)");

    String strictTopic = topic();
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    assertThat(produce(strictTopic, "--input", f.toString(), "--strict")).isEqualTo(1);
    assertThat(err.toString()).contains("error: " + f + ": line 3:").contains("(--strict)");
    assertThat(out.toString()).contains("records acknowledged: 1").contains("stopped at line 3");
    assertThat(readBack(strictTopic, 1)).hasSize(1);
  }

  @Test
  void sendsNoMoreThanTheLimit() throws Exception {
    String topic = topic();
    List<Observation> rows = expected();
    assertThat(produce(topic, "--input", csv(rows).toString(), "--limit", "50", "--rate", "500"))
        .as("%s%s", out, err)
        .isZero();
    List<Observation> got = decode(readBack(topic, 50), WireCodec.observations());
    assertThat(got).hasSize(50);
    assertThat(sorted(got)).containsExactlyElementsOf(rows.subList(0, 50));
    assertThat(out.toString()).contains("records sent: 50").contains("lines read: 51");
    // paced: 50 records at 500/s take at least 49 intervals of 2 ms
    double elapsed =
        Double.parseDouble(out.toString().replaceAll("(?s).*elapsed: ([0-9.]+) s.*", "$1"));
    assertThat(elapsed).isGreaterThanOrEqualTo(0.098);
  }

  @Test
  void aRecordTheBrokerDoesNotTakeIsAFailureAndExitCodeOne() throws Exception {
    // no such topic, and the broker does not create topics: the producer gives up after 1 s
    int code =
        produce(
            "no-such-topic",
            "--input",
            csv(expected()).toString(),
            "--limit",
            "2",
            "--kafka-property",
            "max.block.ms=1000");
    assertThat(code).isEqualTo(1);
    assertThat(out.toString())
        .contains("records read: 2")
        .contains("records acknowledged: 0")
        .contains("send failures: 2");
  }
}
