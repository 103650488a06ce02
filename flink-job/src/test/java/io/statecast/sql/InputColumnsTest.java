package io.statecast.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecast.avro.Observation;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.functions.TableSemantics;
import org.apache.flink.table.types.DataType;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

class InputColumnsTest {

  private static TableSemantics table(DataType type, int... partitionBy) {
    return new TableSemantics() {
      @Override
      public DataType dataType() {
        return type;
      }

      @Override
      public int[] partitionByColumns() {
        return partitionBy;
      }

      @Override
      public int[] orderByColumns() {
        return new int[0];
      }

      @Override
      public int timeColumn() {
        return -1;
      }

      @Override
      public Optional<ChangelogMode> changelogMode() {
        return Optional.empty();
      }
    };
  }

  @Test
  void readsColumnsByNameWhateverTheirCaseAndUnderscores() {
    DataType type =
        DataTypes.ROW(
            DataTypes.FIELD("site", DataTypes.STRING()),
            DataTypes.FIELD("sensor", DataTypes.INT()),
            DataTypes.FIELD("EVENT_TIME", DataTypes.TIMESTAMP_LTZ(3)),
            DataTypes.FIELD("Features", DataTypes.ARRAY(DataTypes.DOUBLE())),
            DataTypes.FIELD("named", DataTypes.MAP(DataTypes.STRING(), DataTypes.FLOAT())),
            DataTypes.FIELD("target", DataTypes.DOUBLE()));
    InputColumns c = InputColumns.of(table(type, 1));
    Map<String, Float> named = new LinkedHashMap<>();
    named.put("temp", 3.5f);
    named.put("wind", null);
    Row row =
        Row.of(
            "dublin",
            7,
            Instant.parse("2024-01-02T03:04:05.678Z"),
            new Double[] {1.5, null},
            named,
            21.25);
    Observation o = c.read(row);
    assertThat(c.timed(row)).isTrue();
    assertThat(o.getKey()).isEqualTo("7");
    assertThat(o.getEventTime())
        .isEqualTo(Instant.parse("2024-01-02T03:04:05.678Z").toEpochMilli());
    assertThat(o.getFeatures()).containsExactly(1.5f, Float.NaN);
    assertThat(o.getNamed()).containsEntry("temp", 3.5f).containsEntry("wind", Float.NaN);
    assertThat(o.getTarget()).isEqualTo(21.25f);
  }

  @Test
  void missingOptionalColumnsAndNullsReadAsTheSchemasDefaults() {
    DataType type =
        DataTypes.ROW(
            DataTypes.FIELD("key", DataTypes.STRING()),
            DataTypes.FIELD("eventTime", DataTypes.TIMESTAMP(3)),
            DataTypes.FIELD("target", DataTypes.FLOAT()));
    InputColumns c = InputColumns.of(table(type, 0));
    Observation o = c.read(Row.of("k", LocalDateTime.parse("2024-01-01T00:00:00"), null));
    assertThat(o.getEventTime()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z").toEpochMilli());
    assertThat(o.getFeatures()).isEmpty();
    assertThat(o.getNamed()).isEmpty();
    assertThat(o.getTarget()).isNull();
    assertThat(c.timed(Row.of("k", null, 1f))).isFalse();
  }

  @Test
  void refusesATableItCannotRead() {
    DataType noTime = DataTypes.ROW(DataTypes.FIELD("key", DataTypes.STRING()));
    assertThatThrownBy(() -> InputColumns.of(table(noTime, 0)))
        .hasMessageContaining("no column eventTime");
    DataType textTime =
        DataTypes.ROW(
            DataTypes.FIELD("key", DataTypes.STRING()),
            DataTypes.FIELD("eventTime", DataTypes.STRING()));
    assertThatThrownBy(() -> InputColumns.of(table(textTime, 0)))
        .hasMessageContaining("column eventTime")
        .hasMessageContaining("BIGINT");
    assertThatThrownBy(() -> InputColumns.of(table(textTime, 0, 1)))
        .hasMessageContaining("partitioned by one column");
  }
}
