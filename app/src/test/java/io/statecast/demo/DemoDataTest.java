package io.statecast.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecast.avro.Observation;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoDataTest {

  @TempDir Path home;

  @Test
  void aCsvIsReplayedInEventTimeOrderAcrossKeysWithBadRowsReported() throws Exception {
    Path csv = home.resolve("two.csv");
    Files.writeString(
        csv,
        String.join(
            "\n",
            "key,date,value",
            "b,2024-01-02,2",
            "b,2024-01-03,3",
            "a,2024-01-01,10",
            "a,2024-01-02,20",
            "a,2024-01-03,oops",
            "a,2024-01-04,40",
            ""));
    StringWriter log = new StringWriter();
    DemoData.Dataset d = DemoData.resolve(csv.toString(), home, new PrintWriter(log, true));

    assertThat(d.name()).isEqualTo("two");
    assertThat(d.feed().size()).isEqualTo(5);
    assertThat(d.feed().keys()).containsExactly("b", "a");
    List<String> order = new ArrayList<>();
    while (d.feed().hasNext()) {
      Observation o = d.feed().next();
      order.add(o.getKey() + "@" + o.getTarget());
    }
    // 01-02 is a tie: key order of first appearance (b before a)
    assertThat(order).containsExactly("a@10.0", "b@2.0", "a@20.0", "b@3.0", "a@40.0");
    assertThat(log.toString()).contains("1 bad rows skipped").contains("line 6");
  }

  @Test
  void anUnknownDataSetNamesTheChoices() {
    assertThatThrownBy(
            () -> DemoData.resolve("nowhere.csv", home, new PrintWriter(new StringWriter())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("wind, chicago, pm10, synthetic");
    assertThatThrownBy(() -> DemoData.resolve("wind", home, new PrintWriter(new StringWriter())))
        .hasMessageContaining("expected " + home.resolve("data/wind_ireland_daily.csv"));
  }

  @Test
  void theShippedDataSetsAreInTheRepository() throws Exception {
    Path repo = Path.of("..").toAbsolutePath().normalize();
    for (String name : DemoData.SHIPPED.keySet()) {
      DemoData.Dataset d = DemoData.resolve(name, repo, new PrintWriter(new StringWriter()));
      assertThat(d.feed().size()).as(name).isGreaterThan(10_000);
      assertThat(d.loaded().badRows()).as(name).isEmpty();
      // wind runs 1961–1978, through 1970-01-01T00:00:00Z, which the job must then accept
      assertThat(DemoData.hasEpochZero(d)).as(name).isEqualTo(name.equals("wind"));
    }
  }
}
