package io.statecast.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeadSpecTest {

  private static final HeadSpec QUANTILES =
      new HeadSpec(2, 0, 0, List.of(0.1, 0.25, 0.5, 0.75, 0.9), false);

  @Test
  void aQuantileHeadHasOneBlockOfTheHorizonPerLevel() {
    assertThat(QUANTILES.outputs()).isEqualTo(10);
    assertThat(QUANTILES.pointOffset()).isEqualTo(4);
    assertThat(new HeadSpec(7, 0, 0).outputs()).isEqualTo(7);
    assertThat(new HeadSpec(7, 0, 0).pointOffset()).isZero();
    assertThat(HeadSpec.NONE.outputs()).isZero();
  }

  @Test
  void pairedLevelsFormCentralIntervalsWidestFirst() {
    List<HeadSpec.Interval> in = QUANTILES.intervals();
    assertThat(in).hasSize(2);
    assertThat(in.get(0).coverage()).isCloseTo(0.8, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(in.get(0).lowerOffset()).isZero();
    assertThat(in.get(0).upperOffset()).isEqualTo(8);
    assertThat(in.get(1).coverage()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(in.get(1).lowerOffset()).isEqualTo(2);
    assertThat(in.get(1).upperOffset()).isEqualTo(6);
    assertThat(new HeadSpec(2, 0, 0, List.of(0.2, 0.5), false).intervals()).isEmpty();
  }

  @Test
  void finishSortsEachStepsQuantilesAndClipsAtZero() {
    HeadSpec head = new HeadSpec(2, 0, 0, List.of(0.1, 0.5, 0.9), true);
    // level-major: [q0.1 step1, step2 | q0.5 … | q0.9 …], one row at offset 1
    float[] v = {99, 3, -1, 2, 5, 1, 4};
    head.finish(v, 1);
    assertThat(v).containsExactly(99, 1, 0, 2, 4, 3, 5);
  }

  @Test
  void levelsMustIncreaseInTheOpenUnitIntervalAndIncludeTheMedian() {
    assertThatThrownBy(() -> new HeadSpec(2, 0, 0, List.of(0.5, 0.1), false))
        .hasMessageContaining("strictly increasing");
    assertThatThrownBy(() -> new HeadSpec(2, 0, 0, List.of(0.0, 0.5), false))
        .hasMessageContaining("strictly increasing");
    assertThatThrownBy(() -> new HeadSpec(2, 0, 0, List.of(0.1, 0.9), false))
        .hasMessageContaining("must include 0.5");
    assertThatThrownBy(() -> new HeadSpec(0, 0, 0, List.of(0.5), false))
        .hasMessageContaining("needs a head");
  }

  @Test
  void aPointHeadsJsonIsUnchangedAndOldJsonReadsAsAPointHead() throws Exception {
    ObjectMapper json = new ObjectMapper();
    assertThat(json.writeValueAsString(new HeadSpec(8, 0, 0)))
        .isEqualTo("{\"horizon\":8,\"autoregressive\":0,\"arFeature\":0}");
    HeadSpec old =
        json.readValue("{\"horizon\":8,\"autoregressive\":2,\"arFeature\":0}", HeadSpec.class);
    assertThat(old).isEqualTo(new HeadSpec(8, 2, 0));
    HeadSpec back = json.readValue(json.writeValueAsString(QUANTILES), HeadSpec.class);
    assertThat(back).isEqualTo(QUANTILES);
  }
}
