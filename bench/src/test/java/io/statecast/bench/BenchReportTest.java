package io.statecast.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchReportTest {

  @Test
  void selectedModeIsTheBracketedChoiceOfTheSysfsLine() {
    assertThat(BenchReport.selectedMode("always [madvise] never")).isEqualTo("madvise");
    assertThat(BenchReport.selectedMode("[always] madvise never")).isEqualTo("always");
    assertThat(BenchReport.selectedMode("always madvise [never]\n")).isEqualTo("never");
    assertThat(BenchReport.selectedMode(" odd line ")).isEqualTo("odd line");
  }

  @Test
  void heapIsOnHugePagesWhenTheJvmAsksOrTheKernelAlwaysGivesThem() {
    assertThat(BenchReport.heapPages(true, "madvise"))
        .isEqualTo("transparent huge pages (JVM UseTransparentHugePages on, kernel THP madvise)");
    assertThat(BenchReport.heapPages(false, "madvise"))
        .isEqualTo("base pages (JVM UseTransparentHugePages off, kernel THP madvise)");
    assertThat(BenchReport.heapPages(false, "always")).startsWith("transparent huge pages");
    assertThat(BenchReport.heapPages(false, "never")).startsWith("base pages");
  }
}
