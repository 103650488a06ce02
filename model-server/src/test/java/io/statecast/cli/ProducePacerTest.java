package io.statecast.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** The pacer on a fake clock: a token schedule, sleeps instead of spinning, no catch-up bursts. */
class ProducePacerTest {

  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  private final List<Long> sleeps = new ArrayList<>();

  private Pacer pacer(double rate) {
    return new Pacer(
        rate,
        clock::get,
        nanos -> {
          sleeps.add(nanos);
          clock.addAndGet(nanos);
        });
  }

  @Test
  void spacesEventsByTheIntervalAndSleepsInSlices() throws InterruptedException {
    Pacer p = pacer(4); // 250 ms apart
    long start = clock.get();
    for (int i = 0; i < 5; i++) {
      assertThat(p.await(() -> false)).isTrue();
    }
    assertThat(clock.get() - start).isEqualTo(4 * 250_000_000L);
    assertThat(sleeps)
        .allSatisfy(s -> assertThat(s).isPositive().isLessThanOrEqualTo(100_000_000L));
  }

  @Test
  void aSlowSenderIsNotPacedAgainUntilItCatchesUpButNeverBursts() throws InterruptedException {
    Pacer p = pacer(10); // 100 ms apart
    p.await(() -> false);
    clock.addAndGet(50_000_000L); // work took 50 ms: wait the other 50
    p.await(() -> false);
    assertThat(sleeps).containsExactly(50_000_000L);
    clock.addAndGet(5_000_000_000L); // a 5 s stall: the schedule restarts
    sleeps.clear();
    p.await(() -> false);
    p.await(() -> false);
    assertThat(sleeps).containsExactly(100_000_000L);
  }

  @Test
  void maxNeverWaitsAndAStopEndsAWait() throws InterruptedException {
    Pacer max = pacer(Double.POSITIVE_INFINITY);
    for (int i = 0; i < 1000; i++) {
      assertThat(max.await(() -> false)).isTrue();
    }
    assertThat(sleeps).isEmpty();
    assertThat(max.await(() -> true)).isFalse();

    Pacer slow = pacer(0.1); // 10 s apart
    slow.await(() -> false);
    int[] checks = {0};
    assertThat(slow.await(() -> ++checks[0] > 3)).isFalse();
    assertThat(sleeps).hasSize(3);
  }

  @Test
  void parsesRates() {
    RateConverter c = new RateConverter();
    assertThat(c.convert("max")).isInfinite();
    assertThat(c.convert("MAX")).isInfinite();
    assertThat(c.convert("250")).isEqualTo(250.0);
    assertThat(c.convert("0.5")).isEqualTo(0.5);
    assertThatThrownBy(() -> c.convert("0")).isInstanceOf(TypeConversionException.class);
    assertThatThrownBy(() -> c.convert("-3")).isInstanceOf(TypeConversionException.class);
    assertThatThrownBy(() -> c.convert("fast")).isInstanceOf(TypeConversionException.class);
  }
}
