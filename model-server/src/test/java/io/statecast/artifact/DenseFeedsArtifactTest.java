package io.statecast.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecast.cell.Engine;
import io.statecast.cell.EngineKind;
import io.statecast.cell.SequenceRunner;
import io.statecast.cell.StepKernel;
import io.statecast.model.Connection;
import io.statecast.model.HeadSpec;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import io.statecast.model.RandomWeights;
import io.statecast.testing.Fixtures;
import io.statecast.testing.RandomData;
import io.statecast.testing.Specs;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stack.feeds} in artifacts: written and read back unchanged, refused where invalid with its
 * location, and absent from artifacts that do not choose feeds, which therefore read and write as
 * they did before the field existed ({@code artifacts/dense-3-layers}, written by the code before
 * it).
 */
class DenseFeedsArtifactTest {

  @TempDir Path tmp;

  @Test
  void writesAndLoadsADenseStackWithChosenFeeds() throws Exception {
    ModelSpec spec =
        Specs.deep(7, 5, Connection.DENSE, Specs.chosenFeeds(7), new HeadSpec(3, 2, 0));
    ModelWeights w = RandomWeights.of(spec, 4);
    ModelArtifact.write(tmp.resolve("m"), w, Map.of());
    String json = Files.readString(tmp.resolve("m/model.json"));
    assertThat(json)
        .contains("\"feeds\" : [ [ 0 ], [ 0, 1 ], [ 0, 2 ], [ 0, 3 ], [ 0, 4 ], [ 1, 4, 5 ] ]");
    ModelArtifact loaded = ModelArtifact.load(tmp.resolve("m"));
    assertThat(loaded.spec()).isEqualTo(spec);
    assertThat(loaded.spec().stack().feedsOf(6)).containsExactly(1, 4, 5);
    assertThat(loaded.weights().tensors()).isEqualTo(w.tensors());
    assertThat(SpecJson.write(loaded.spec())).isEqualTo(json);
  }

  @Test
  void refusesInvalidFeedsInModelJsonNamingTheLayer() throws Exception {
    ModelSpec spec =
        Specs.deep(5, 0, Connection.DENSE, Specs.chosenFeeds(5), new HeadSpec(3, 2, 0));
    ModelArtifact.write(tmp.resolve("m"), RandomWeights.of(spec, 4), Map.of());
    Path dir = tmp.resolve("m");
    String json = Files.readString(dir.resolve(ModelArtifact.SPEC_FILE));
    Files.writeString(dir.resolve(ModelArtifact.SPEC_FILE), json.replace("[ 0, 2 ]", "[ 2, 0 ]"));
    Manifest.of(dir, List.of(ModelArtifact.SPEC_FILE, ModelArtifact.WEIGHTS_FILE)).write(dir);
    assertThatThrownBy(() -> ModelArtifact.load(dir))
        .isInstanceOf(ArtifactException.class)
        .hasMessageContaining(
            "stack.feeds[2] (layer 3) must list layers in strictly increasing order");
  }

  @Test
  void aDenseArtifactWrittenBeforeFeedsExistedLoadsAndWritesUnchanged() throws Exception {
    Path released = resource("/artifacts/dense-3-layers");
    String json =
        Files.readString(released.resolve(ModelArtifact.SPEC_FILE), StandardCharsets.UTF_8);
    ModelArtifact a = ModelArtifact.load(released);
    assertThat(a.spec().stack().connection()).isEqualTo(Connection.DENSE);
    assertThat(a.spec().stack().feeds()).isNull();
    assertThat(a.spec().stack().feedsOf(2)).containsExactly(0, 1);
    assertThat(SpecJson.write(a.spec())).isEqualTo(json);
    ModelArtifact.write(tmp.resolve("again"), a.weights(), Map.of());
    assertThat(Files.readAllBytes(tmp.resolve("again/model.json")))
        .isEqualTo(Files.readAllBytes(released.resolve(ModelArtifact.SPEC_FILE)));
    assertThat(Files.readAllBytes(tmp.resolve("again/weights.safetensors")))
        .isEqualTo(Files.readAllBytes(released.resolve(ModelArtifact.WEIGHTS_FILE)));
    // and it steps: the fast kernel agrees with the reference on it
    var x = RandomData.randomTensor(3, 6, 4, a.spec().inputSize());
    SequenceRunner.Result ref = SequenceRunner.reference(a.weights(), x, null, null);
    try (StepKernel k = Engine.of(EngineKind.FAST).create(a.weights())) {
      SequenceRunner.Result r = SequenceRunner.kernel(k, x, null, null, 4);
      assertThat(Fixtures.maxAbsDiff(ref.forecast(), r.forecast())).isLessThanOrEqualTo(1e-5);
      assertThat(Fixtures.maxAbsDiff(ref.hn(), r.hn())).isLessThanOrEqualTo(1e-5);
    }
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(DenseFeedsArtifactTest.class.getResource(name).toURI());
  }
}
