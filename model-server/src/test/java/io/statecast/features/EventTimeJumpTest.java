package io.statecast.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.model.Cadence;
import io.statecast.model.CellSpec;
import io.statecast.model.FeatureKind;
import io.statecast.model.FeatureSpec;
import io.statecast.model.HeadSpec;
import io.statecast.model.InputSpec;
import io.statecast.model.ModelSpec;
import io.statecast.model.StackSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventTimeJumpTest {

  private static ModelSpec spec(Cadence cadence, FeatureSpec... extra) {
    List<FeatureSpec> f = new ArrayList<>();
    f.add(new FeatureSpec("value", FeatureKind.TARGET, 0, 0, 1));
    f.addAll(List.of(extra));
    return new ModelSpec(
        null,
        "jump",
        1,
        null,
        new InputSpec(f, cadence),
        CellSpec.fused(2),
        new StackSpec(1, null),
        new HeadSpec(1, 0, 0));
  }

  @Test
  void theDefaultIsAThousandPeriodsOfTheCadence() {
    assertThat(EventTimeJump.defaultFor(spec(Cadence.DAILY))).isEqualTo(Duration.ofDays(1000));
    assertThat(EventTimeJump.defaultFor(spec(Cadence.HOURLY))).isEqualTo(Duration.ofHours(1000));
    assertThat(EventTimeJump.defaultFor(spec(Cadence.WEEKLY))).isEqualTo(Duration.ofDays(7000));
    assertThat(EventTimeJump.defaultFor(spec(Cadence.MONTHLY)))
        .isEqualTo(Cadence.MEAN_MONTH.multipliedBy(1000));
    assertThat(EventTimeJump.defaultFor(spec(Cadence.parse("PT15M"))))
        .isEqualTo(Duration.ofMinutes(15_000));
  }

  @Test
  void aGapFeatureScalesItByTheTypicalGap() {
    FeatureSpec gap = new FeatureSpec("gap_periods", FeatureKind.GAP_PERIODS, 0, 1.5, 1);
    assertThat(EventTimeJump.defaultFor(spec(Cadence.HOURLY, gap)))
        .isEqualTo(Duration.ofHours(1500));
  }

  @Test
  void aModelWithAGapInDaysKeepsItsRule() {
    // written before the cadence was stored: read as daily, the gap's mean in days decides
    FeatureSpec days = new FeatureSpec("gap_days", FeatureKind.GAP_DAYS, 0, 1.0 / 24, 1);
    assertThat(EventTimeJump.defaultFor(spec(null, days)).toMillis())
        .isCloseTo(Duration.ofHours(1000).toMillis(), org.assertj.core.api.Assertions.within(10L));
    FeatureSpec tiny = new FeatureSpec("gap_days", FeatureKind.GAP_DAYS, 0, 1e-6, 1);
    assertThat(EventTimeJump.defaultFor(spec(null, tiny))).isEqualTo(Duration.ofDays(1));
  }
}
