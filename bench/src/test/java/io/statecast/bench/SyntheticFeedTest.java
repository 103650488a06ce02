package io.statecast.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.avro.Observation;
import io.statecast.features.ObservationValidator;
import io.statecast.features.ValidationRules;
import io.statecast.model.StandardModels;
import io.statecast.testing.traffic.SyntheticFeed;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The throughput feed of the demo and the benchmarks. */
class SyntheticFeedTest {

  @Test
  void eachKeysEventTimesIncreaseRoundByRound() {
    SyntheticFeed feed = new SyntheticFeed(3, StandardModels.INPUTS, SyntheticFeed.START, 7);
    Map<String, Long> last = new HashMap<>();
    for (int i = 0; i < 30; i++) {
      Observation o = feed.next();
      assertThat(o.getFeatures()).hasSize(StandardModels.INPUTS);
      Long before = last.put(o.getKey().toString(), o.getEventTime());
      if (before != null) {
        assertThat(o.getEventTime()).isEqualTo(before + SyntheticFeed.STEP_MILLIS);
      }
    }
    assertThat(last).hasSize(3);
  }

  /**
   * Regression: with rounds a day apart, one key's 2,000th observation (2029) was refused as lying
   * in the future, and the demo's full-speed synthetic replay turned half its events into dead
   * letters.
   */
  @Test
  void aLongReplayStaysValidAtTodaysClock() {
    ObservationValidator validator =
        new ObservationValidator(ValidationRules.DEFAULTS, StandardModels.INPUTS);
    SyntheticFeed feed = new SyntheticFeed(1, StandardModels.INPUTS, SyntheticFeed.START, 7);
    long now = System.currentTimeMillis();
    Observation o = null;
    for (int i = 0; i < 5_000; i++) {
      o = feed.next();
      assertThat(validator.check(o, now)).as("observation %d", i).isNull();
    }
    assertThat(o.getEventTime()).isLessThan(now);
  }
}
