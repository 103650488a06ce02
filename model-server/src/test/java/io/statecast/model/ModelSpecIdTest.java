package io.statecast.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ModelSpecIdTest {

  private static final String VALID = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}";

  @Test
  void aFileNameBecomesAValidId() {
    assertThat(ModelSpec.idFromFileName(Path.of("data/wind_ireland_daily.csv")))
        .isEqualTo("wind_ireland_daily");
    assertThat(ModelSpec.idFromFileName(Path.of("lstm f32.npz"))).isEqualTo("lstm-f32");
    assertThat(ModelSpec.idFromFileName(Path.of("_hidden.csv"))).isEqualTo("model-_hidden");
    assertThat(ModelSpec.idFromFileName(Path.of(".csv"))).isEqualTo("model-.csv");
    String longName = ModelSpec.idFromFileName(Path.of("x".repeat(300) + ".csv"));
    assertThat(longName).hasSize(120).matches(VALID);
    assertThat(ModelSpec.idFromFileName(Path.of("é" + "y".repeat(200)))).matches(VALID);
  }
}
