package io.statecast.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The e2e bench's CPU accounting by thread role. */
class ThreadCpuTest {

  @Test
  void threadsAreCountedByRoleEvenWhenTheyEndBeforeTheLastSample() throws Exception {
    ThreadCpu cpu = ThreadCpu.start();
    assertThat(cpu).as("HotSpot measures thread CPU time").isNotNull();
    CountDownLatch burned = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread t =
        new Thread(
            () -> {
              var bean = ManagementFactory.getThreadMXBean();
              long x = 0;
              while (bean.getCurrentThreadCpuTime() < 60_000_000L) { // 60 ms of its own CPU
                x += System.nanoTime() & 1;
              }
              burned.countDown();
              try {
                release.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              if (x == 42) {
                System.out.print(""); // keeps the loop from being optimised away
              }
            },
            "bench-replayer");
    t.start();
    assertThat(burned.await(30, TimeUnit.SECONDS)).isTrue();
    cpu.sample(); // sees the thread's 60 ms
    release.countDown();
    t.join(10_000);
    cpu.sample(); // the thread is gone: its last sample stands
    Map<String, Double> perEvent = cpu.perEvent(1);
    System.out.printf("cpu per event by role: %s%n", perEvent);
    assertThat(perEvent.keySet()).containsExactly(ThreadCpu.ROLES);
    assertThat(perEvent.get("bench producer")).isGreaterThanOrEqualTo(60_000.0);
    assertThat(perEvent.get("total")).isGreaterThanOrEqualTo(perEvent.get("bench producer"));
  }

  @Test
  void rolesFollowTheThreadNamesOfFlinkKafkaAndTheBench() {
    assertThat(ThreadCpu.role("lstm-forecast -> (forecasts: Writer) (1/1)#0"))
        .isEqualTo("operator");
    assertThat(ThreadCpu.role("statecast-kernel-0")).isEqualTo("kernel thread");
    assertThat(ThreadCpu.role("statecast-fast-1-2")).isEqualTo("kernel workers");
    assertThat(ThreadCpu.role("Source: observations -> decode (1/1)#0")).isEqualTo("source");
    assertThat(ThreadCpu.role("Source Data Fetcher for Source: observations")).isEqualTo("source");
    assertThat(ThreadCpu.role("data-plane-kafka-request-handler-3")).isEqualTo("broker");
    assertThat(ThreadCpu.role("kafka-producer-network-thread | producer-2"))
        .isEqualTo("kafka clients' I/O");
    assertThat(ThreadCpu.role("bench-watcher")).isEqualTo("bench consumer");
    assertThat(ThreadCpu.role("AsyncOperations-thread-1")).isEqualTo("checkpoints");
    assertThat(ThreadCpu.role("main")).isEqualTo("other");
  }

  @Test
  void describesTheRolesThatTookTimeInTheirOrder() {
    Map<String, Double> us = new LinkedHashMap<>();
    us.put("operator", 5.04);
    us.put("kernel thread", 0.0);
    us.put("source", 0.46);
    us.put("broker", 0.04);
    us.put("total", 5.54);
    assertThat(ThreadCpu.describe(us)).isEqualTo("  operator 5.0  source 0.5  total 5.5");
  }

  @Test
  void mediansAreTakenPerRoleOverRuns() {
    Map<String, Double> a = new LinkedHashMap<>();
    a.put("operator", 5.0);
    a.put("kernel thread", 1.0);
    Map<String, Double> b = new LinkedHashMap<>();
    b.put("operator", 7.0);
    Map<String, Double> c = new LinkedHashMap<>();
    c.put("operator", 6.0);
    c.put("kernel thread", 3.0);
    Map<String, Double> m = ThreadCpu.medians(List.of(a, b, c));
    assertThat(m).containsExactly(entry("operator", 6.0), entry("kernel thread", 1.0));
    assertThat(ThreadCpu.medians(List.of())).isEmpty();
  }
}
