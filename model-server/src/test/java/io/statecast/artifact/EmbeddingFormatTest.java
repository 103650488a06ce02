package io.statecast.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecast.model.EmbeddingSpec;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import io.statecast.model.RandomWeights;
import io.statecast.model.SpecMismatchException;
import io.statecast.model.StandardModels;
import io.statecast.model.WeightNames;
import io.statecast.tensor.Tensor;
import io.statecast.testing.EmbeddedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Embeddings in the model format: {@code inputs.embeddings} and the {@code embedding_*} tables. */
class EmbeddingFormatTest {

  @TempDir Path dir;

  @Test
  void anArtifactWithEmbeddingsReadsBackAsWritten() throws Exception {
    ModelWeights w = EmbeddedModels.weights();
    ModelArtifact a = ModelArtifact.write(dir.resolve("m"), w, Map.of());
    assertThat(a.spec()).isEqualTo(w.spec());
    assertThat(a.spec().inputs().embeddings()).extracting(EmbeddingSpec::vocabulary).hasSize(3);
    assertThat(a.weights().embedding("line").data()).containsExactly(w.embedding("line").data());
    String json = Files.readString(dir.resolve("m").resolve(ModelArtifact.SPEC_FILE));
    assertThat(json).contains("\"embeddings\"", "\"source\" : \"day_of_week\"", "\"WEDNESDAY\"");
    assertThat(SpecJson.parse(json, "model.json")).isEqualTo(w.spec());
  }

  @Test
  void aModelWithoutEmbeddingsWritesNoEmbeddingsField() {
    ModelSpec plain = StandardModels.spec(StandardModels.Preset.STANDARD);
    assertThat(SpecJson.write(plain)).doesNotContain("embeddings");
  }

  @Test
  void aTableOfTheWrongShapeIsNamedWithWhatItShouldBe() {
    ModelWeights w = EmbeddedModels.weights();
    Map<String, Tensor> t = new LinkedHashMap<>(w.tensors());
    t.put(WeightNames.embedding("key"), Tensor.zeros(Tensor.DType.FLOAT32, 3, 2)); // no unknown row
    t.remove(WeightNames.embedding("line"));
    assertThatThrownBy(() -> ModelWeights.bind(w.spec(), t, "weights.safetensors"))
        .isInstanceOf(SpecMismatchException.class)
        .hasMessageContaining("weight 'embedding_key' has shape (3, 2) but the spec needs (4, 2)")
        .hasMessageContaining("unknown row")
        .hasMessageContaining("missing weight 'embedding_line' (3, 2)");
  }

  @Test
  void anEmbeddingSpecIsValidated() {
    String dup = SpecJson.write(EmbeddedModels.spec()).replace("\"b\", \"c\"", "\"b\", \"b\"");
    assertThatThrownBy(() -> SpecJson.parse(dup, "model.json"))
        .isInstanceOf(ArtifactException.class)
        .hasMessageContaining("'b' is listed twice in its vocabulary");
    String typo = SpecJson.write(EmbeddedModels.spec()).replace("\"dim\"", "\"dims\"");
    assertThatThrownBy(() -> SpecJson.parse(typo, "model.json"))
        .hasMessageContaining("unknown field 'inputs.embeddings[0].dims'");
  }

  @Test
  void randomWeightsFitAModelWithEmbeddings() {
    ModelWeights w = RandomWeights.of(EmbeddedModels.spec(), 3);
    assertThat(w.embedding("key").shape()).containsExactly(4, 2);
    assertThat(w.layer(0).weightIh().shape()).containsExactly(16, 6); // 4H × (1 + 2 + 1 + 2)
  }
}
