package io.statecast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.artifact.ModelArtifact;
import io.statecast.data.KeyedSeries;
import io.statecast.model.Cadence;
import io.statecast.testing.TestSeries;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code train}'s data options: time formats, time zone and cadence, as a user gives them. */
class DataOptionsTest {

  @TempDir Path tmp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private static final long START = Instant.parse("2001-01-01T00:00:00Z").toEpochMilli();

  /** Two keys of 120 steps {@code step} apart from 2001-01-01, times written by {@code time}. */
  private Path csv(String name, long step, LongFunction<String> time) throws Exception {
    StringBuilder sb = new StringBuilder("key,date,value\n");
    for (KeyedSeries s : TestSeries.weekly(2, 120, 3).series()) {
      for (int t = 0; t < s.size(); t++) {
        sb.append(s.key()).append(',').append(time.apply(START + t * step));
        sb.append(',').append(s.value(t)).append('\n');
      }
    }
    Path f = tmp.resolve(name);
    Files.writeString(f, sb);
    return f;
  }

  private int train(Path data, String... more) {
    String[] base = {
      "--data",
      data.toString(),
      "--out",
      tmp.resolve("m-" + data.getFileName()).toString(),
      "--epochs",
      "1",
      "--hidden",
      "4",
      "--set",
      "training.segment=40",
      "--set",
      "training.chunk=20",
      "--no-progress"
    };
    String[] args =
        java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(more))
            .toArray(String[]::new);
    CommandLine cl = CliErrors.install(new CommandLine(new TrainCommand()));
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  private Cadence stored(Path data) throws Exception {
    return ModelArtifact.load(tmp.resolve("m-" + data.getFileName())).spec().inputs().cadence();
  }

  @Test
  void weekDatesTrainAWeeklyModel() throws Exception {
    Path f =
        csv(
            "weeks.csv",
            7 * 86_400_000L,
            t ->
                java.time.LocalDate.ofInstant(Instant.ofEpochMilli(t), ZoneOffset.UTC)
                    .format(DateTimeFormatter.ISO_WEEK_DATE)
                    .substring(0, 8));
    assertThat(Files.readAllLines(f).get(1)).startsWith("k0,2001-W01,");
    assertThat(Files.readAllLines(f).get(53)).startsWith("k0,2002-W01,");
    assertThat(train(f)).as(err.toString()).isZero();
    assertThat(out.toString()).contains("cadence: weekly (detected)").doesNotContain("bad rows");
    assertThat(stored(f)).isEqualTo(Cadence.WEEKLY);
  }

  @Test
  void epochSecondsInAZoneWithAGivenCadence() throws Exception {
    Path f = csv("epoch.csv", 3_600_000L, t -> Long.toString(t / 1000));
    assertThat(
            train(f, "--time-format", "epoch-s", "--time-zone", "Europe/Dublin", "--cadence", "2h"))
        .as(err.toString())
        .isZero();
    assertThat(out.toString()).contains("cadence: PT2H").doesNotContain("detected");
    assertThat(stored(f)).isEqualTo(Cadence.parse("PT2H"));
  }

  @Test
  void anUnknownCadenceOrFormatIsAUsageError() throws Exception {
    Path f = csv("daily.csv", 86_400_000L, t -> Instant.ofEpochMilli(t).toString());
    assertThat(train(f, "--cadence", "fortnightly")).isEqualTo(2);
    assertThat(err.toString()).contains("unknown cadence 'fortnightly'");
    assertThat(train(f, "--time-format", "unix")).isEqualTo(2);
    assertThat(err.toString()).contains("unknown time format 'unix'");
  }
}
