package io.statecast.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecast.model.EmbeddingSource;
import org.junit.jupiter.api.Test;

class EmbeddingOptionTest {

  @Test
  void readsTheSourceAndTheDim() {
    assertThat(EmbeddingOption.parse("key:8"))
        .isEqualTo(new EmbeddingOption(EmbeddingSource.KEY, null, 8));
    assertThat(EmbeddingOption.parse("day_of_week:3").source())
        .isEqualTo(EmbeddingSource.DAY_OF_WEEK);
    EmbeddingOption line = EmbeddingOption.parse("Line-ID:4");
    assertThat(line.column()).isEqualTo("Line-ID");
    assertThat(line.name()).isEqualTo("Line_ID");
    assertThat(line.toString()).isEqualTo("Line-ID:4");
  }

  @Test
  void refusesWhatIsNotSourceColonDim() {
    assertThatThrownBy(() -> EmbeddingOption.parse("key")).hasMessageContaining("source:dim");
    assertThatThrownBy(() -> EmbeddingOption.parse("key:x")).hasMessageContaining("not a number");
    assertThatThrownBy(() -> EmbeddingOption.parse("key:0")).hasMessageContaining("1-1024");
  }

  @Test
  void aConfigurationCarriesEmbeddingsAndDropout() {
    TrainConfig c =
        TinyTraining.config("model.embeddings=key:8,day_of_week:2", "training.dropout=0.2");
    assertThat(c.model().embeddings())
        .extracting(EmbeddingOption::toString)
        .containsExactly("key:8", "day_of_week:2");
    assertThat(c.training().dropout()).isEqualTo(0.2);
    assertThat(TrainConfigs.defaults().model().embeddings()).isEmpty();
    assertThat(TrainConfigs.defaults().training().dropout()).isZero();
    assertThat(TrainConfigs.toJson(c)).contains("\"key:8\"", "\"dropout\" : 0.2");
    assertThatThrownBy(() -> TinyTraining.config("model.embeddings=key:8,key:4"))
        .hasMessageContaining("lists a source twice");
    assertThatThrownBy(() -> TinyTraining.config("training.dropout=1"))
        .hasMessageContaining("training.dropout must be in [0, 1)");
  }
}
