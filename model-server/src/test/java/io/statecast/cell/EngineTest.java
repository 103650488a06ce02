package io.statecast.cell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecast.model.CellVariant;
import io.statecast.model.Connection;
import io.statecast.model.GateSpec;
import io.statecast.model.HeadSpec;
import io.statecast.model.ModelWeights;
import io.statecast.model.RandomWeights;
import io.statecast.testing.Specs;
import org.junit.jupiter.api.Test;

/** {@link Engine}: the one place where an engine choice becomes a kernel. */
class EngineTest {

  private final ModelWeights weights =
      RandomWeights.of(
          Specs.of(
              CellVariant.FUSED,
              4,
              8,
              0,
              2,
              Connection.PLAIN,
              GateSpec.STANDARD,
              new HeadSpec(3, 2, 0)),
          5);

  @Test
  void eachKindMakesItsKernel() {
    try (StepKernel k = Engine.of(EngineKind.REFERENCE).create(weights)) {
      assertThat(k).isInstanceOf(ReferenceKernel.class);
    }
    try (StepKernel k = Engine.of(EngineKind.FAST).create(weights)) {
      assertThat(k.getClass().getPackageName()).isEqualTo("io.statecast.cell.fast");
    }
    try (StepKernel k = Engine.of(EngineKind.DJL).create(weights)) {
      assertThat(k.getClass().getPackageName()).isEqualTo("io.statecast.cell.djl");
    }
    try (ResidentKernel k = Engine.of(EngineKind.DJL).createResident(weights, 4)) {
      assertThat(k.capacity()).isEqualTo(4);
    }
  }

  @Test
  void theDefaultIsTheFastKernelOnOneThread() {
    assertThat(Engine.DEFAULT).isEqualTo(new Engine(EngineKind.FAST, 1, false));
  }

  @Test
  void choicesThatCannotWorkAreRefusedWithAReason() {
    assertThatThrownBy(() -> new Engine(EngineKind.FAST, 1, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--engine djl");
    assertThatThrownBy(() -> new Engine(EngineKind.FAST, 0, false))
        .hasMessageContaining("kernel threads must be 1 to 256");
    assertThatThrownBy(() -> Engine.of(EngineKind.FAST).createResident(weights, 4))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("need the djl engine");
  }
}
