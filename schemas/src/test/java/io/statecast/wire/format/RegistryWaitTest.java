package io.statecast.wire.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecast.wire.RegistryUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RegistryWaitTest {

  private final List<Long> sleeps = new ArrayList<>();
  private final AtomicInteger retries = new AtomicInteger();
  private final RegistryWait wait =
      new RegistryWait("the test", retries::incrementAndGet, sleeps::add);

  @Test
  void retriesWithDoublingBackOffCappedUntilTheRegistryAnswers() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    String result =
        wait.until(
            () -> {
              if (calls.incrementAndGet() <= 9) {
                throw new RegistryUnavailableException("down");
              }
              return "schema";
            });
    assertThat(result).isEqualTo("schema");
    assertThat(retries).hasValue(9);
    assertThat(sleeps)
        .containsExactly(500L, 1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L, 30000L);
  }

  @Test
  void afterTheCallersOwnFailedTryItCountsItAndBacksOffBeforeTheNext() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    String result =
        wait.after(
            new RegistryUnavailableException("down"),
            () -> {
              if (calls.incrementAndGet() <= 1) {
                throw new RegistryUnavailableException("still down");
              }
              return "schema";
            });
    assertThat(result).isEqualTo("schema");
    assertThat(calls).hasValue(2);
    assertThat(retries).hasValue(2);
    assertThat(sleeps).containsExactly(500L, 1000L);
  }

  @Test
  void anAnsweringRegistryCostsNoWait() throws Exception {
    assertThat(wait.until(() -> 7)).isEqualTo(7);
    assertThat(sleeps).isEmpty();
    assertThat(retries).hasValue(0);
  }

  @Test
  void anInterruptEndsTheWait() {
    RegistryWait interrupted =
        new RegistryWait(
            "the test",
            () -> {},
            ms -> {
              throw new InterruptedException();
            });
    assertThatThrownBy(
            () ->
                interrupted.until(
                    () -> {
                      throw new RegistryUnavailableException("down");
                    }))
        .isInstanceOf(InterruptedException.class);
  }
}
