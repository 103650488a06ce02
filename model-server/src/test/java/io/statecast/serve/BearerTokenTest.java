package io.statecast.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BearerTokenTest {

  @TempDir Path tmp;

  @Test
  void matchesOnlyItself() {
    BearerToken t = BearerToken.of("s3cret-token-0123456789");
    assertThat(t.matches("s3cret-token-0123456789")).isTrue();
    assertThat(t.matches("s3cret-token-012345678")).isFalse();
    assertThat(t.matches("s3cret-token-0123456789x")).isFalse();
    assertThat(t.matches("")).isFalse();
    assertThat(t.matches(null)).isFalse();
  }

  @Test
  void neverShowsTheToken() {
    assertThat(BearerToken.of("s3cret-token-0123456789").toString())
        .doesNotContain("s3cret")
        .contains("redacted");
    assertThatThrownBy(() -> BearerToken.of("short"))
        .hasMessageContaining("at least 16")
        .hasMessageNotContaining("short");
    assertThatThrownBy(() -> BearerToken.of("has a space in it 0123"))
        .hasMessageNotContaining("space in it");
  }

  @Test
  void readsAFileIgnoringTheFinalNewline() throws Exception {
    Path f = tmp.resolve("token");
    Files.writeString(f, "file-token-0123456789abcdef\n");
    assertThat(BearerToken.fromFile(f).matches("file-token-0123456789abcdef")).isTrue();
  }
}
