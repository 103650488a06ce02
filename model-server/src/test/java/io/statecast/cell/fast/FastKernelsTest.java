package io.statecast.cell.fast;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.model.ModelWeights;
import io.statecast.model.RandomWeights;
import io.statecast.model.StandardModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The checked entry point: what happens with and without the Vector API module. */
class FastKernelsTest {

  @Test
  void isAvailableWhenTheJvmHasTheVectorApi() {
    assertThat(FastKernels.available()).isTrue();
    assertThat(FastKernels.unavailableReason()).isEmpty();
  }

  @Test
  void saysWhichJvmOptionIsMissingInAJvmWithoutTheVectorApi() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p =
        new ProcessBuilder(
                List.of(
                    java.toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    WithoutVectorApi.class.getName()))
            .redirectErrorStream(true)
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    System.out.print("a JVM without the module says: " + out);
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out)
        .contains("available=false")
        .contains("IllegalStateException")
        .contains("--add-modules jdk.incubator.vector")
        .doesNotContain("NoClassDefFoundError");
  }

  /** Run in a JVM started without {@code --add-modules jdk.incubator.vector}. */
  static final class WithoutVectorApi {
    public static void main(String[] args) throws IOException {
      System.out.println("available=" + FastKernels.available());
      ModelWeights w = RandomWeights.of(StandardModels.spec(StandardModels.Preset.STANDARD), 1);
      try {
        FastKernels.create(w).close();
        System.out.println("created a kernel");
      } catch (IllegalStateException e) {
        System.out.println(e);
      }
    }
  }
}
