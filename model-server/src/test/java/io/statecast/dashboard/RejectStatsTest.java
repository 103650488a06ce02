package io.statecast.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.avro.ErrorKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class RejectStatsTest {

  private static final long T0 = 1_700_000_000_000L;

  @Test
  void countsByKindAndKeepsTheLatestReasons() {
    RejectStats r = new RejectStats(new RateMeter(1_000, 10, T0 - 60_000), 2);
    r.add(ErrorKind.UNDECODABLE, T0, "k1", "not Avro");
    r.add(ErrorKind.NON_FINITE_VALUE, T0 + 10, "k2", "target is NaN");
    r.add(ErrorKind.UNDECODABLE, T0 + 20, "k3", "corrupt");

    assertThat(r.total()).isEqualTo(3);
    assertThat(r.counts())
        .containsEntry(ErrorKind.UNDECODABLE, 2L)
        .containsEntry(ErrorKind.NON_FINITE_VALUE, 1L)
        .hasSize(2);
    assertThat(r.latestByKind().get(ErrorKind.UNDECODABLE))
        .isEqualTo(new RejectStats.Reject(ErrorKind.UNDECODABLE, T0 + 20, "k3", "corrupt"));
    assertThat(r.latest())
        .extracting(RejectStats.Reject::key)
        .isEqualTo(List.of("k3", "k2")); // newest first, two kept
    assertThat(r.perSecond(T0 + 1_000)).isEqualTo(0.3);
  }

  @Test
  void longTextIsCut() {
    String longer = "x".repeat(1_000);
    assertThat(RejectStats.cut(longer)).hasSize(RejectStats.MAX_TEXT).endsWith("…");
    assertThat(RejectStats.cut(null)).isEmpty();
    assertThat(RejectStats.cut("short")).isEqualTo("short");
  }
}
