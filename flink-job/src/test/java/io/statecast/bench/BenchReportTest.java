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
}
