package io.statecast.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecast.avro.Observation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AvroObservationReaderTest {

  @TempDir Path dir;

  @Test
  void readsWhatTheCsvReaderReadsAfterAConversion() throws IOException {
    Path csv = dir.resolve("d.csv");
    Files.writeString(
        csv, "key,date,value,x\na,2024-01-01,1,7\nb,2024-01-01,2,8\na,2024-01-02,3,9\n");
    LoadedData fromCsv = SeriesReader.read(csv, true);
    List<Observation> all = new ArrayList<>();
    fromCsv.data().series().forEach(s -> all.addAll(s.observations()));
    Path avro = dir.resolve("d.avro");
    AvroObservationReader.write(avro, all);
    LoadedData fromAvro = SeriesReader.read(avro, true);
    assertThat(fromAvro.data().keys()).isEqualTo(2);
    assertThat(fromAvro.data().get("a").observations())
        .isEqualTo(fromCsv.data().get("a").observations());
    assertThat(fromAvro.data().featureNames()).containsExactly("f0");
  }

  @Test
  void reportsBadRecordsByTheirPosition() throws IOException {
    Path avro = dir.resolve("bad.avro");
    AvroObservationReader.write(
        avro,
        List.of(
            obs("a", 1000, 1f),
            obs("a", 2000, null),
            obs("", 3000, 1f),
            obs("a", 4000, Float.NaN),
            obs("a", 500, 2f),
            obs("a", 5000, 3f)));
    LoadedData d = SeriesReader.read(avro, false);
    assertThat(d.badRows()).extracting(BadRow::number).containsExactly(2L, 3L, 4L, 5L);
    assertThat(d.badRows()).extracting(BadRow::reason).first().isEqualTo("no target value");
    assertThat(d.data().get("a").values()).containsExactly(1.0, 3.0);
    assertThatThrownBy(() -> SeriesReader.read(avro, true))
        .hasMessageContaining("record 2: no target value");
  }

  @Test
  void refusesAFileThatIsNotAvro() throws IOException {
    Path f = dir.resolve("x.avro");
    Files.writeString(f, "key,date,value\n");
    assertThatThrownBy(() -> SeriesReader.read(f, false))
        .isInstanceOf(BadDataException.class)
        .hasMessageContaining("not an Avro Observation file");
  }

  private static Observation obs(String key, long t, Float v) {
    return Observation.newBuilder()
        .setKey(key)
        .setEventTime(t)
        .setFeatures(List.of())
        .setNamed(Map.of())
        .setTarget(v)
        .build();
  }
}
