package io.statecast.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.artifact.ModelArtifact;
import io.statecast.testing.BadInputs;
import io.statecast.testing.Pipeline;
import io.statecast.testing.TestModels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Failures while traffic flows, on the real-process cluster: TaskManagers killed with SIGKILL at
 * random points (a replacement started each time), the Kafka broker restarted mid-stream, and
 * checkpoints every two seconds. Afterwards the forecasts topic, read with {@code read_committed},
 * holds exactly one forecast per valid observation — none lost, none duplicated — and every
 * forecast equals (≤1e-6) the failure-free run of the same input (the job's float32 arithmetic
 * stepped offline, key by key).
 */
@Tag("cluster")
class FaultInjectionIT {

  private static final int KEYS = 24;
  private static final int DAYS = 120;
  private static final int PARALLELISM = 2;
  private static final long SEED = 20261123L;
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(6);

  @Test
  void killedTaskManagersAndARestartedBrokerLoseAndDuplicateNothing() throws Exception {
    ClusterRun run = ClusterRun.start(PARALLELISM);
    try (run) {
      Properties kafka = run.kafka();
      new Traffic(kafka).createTopics();
      ModelArtifact model = TestModels.write(run.work.resolve("model"));
      String jar = run.rest().uploadJar(run.build.jobJar());
      String job =
          run.rest()
              .runJar(jar, StandaloneClusterIT.programArgs(kafka, model, run.flink(), "2s"), null);
      run.awaitAllRunning(job, PARALLELISM);
      run.timer.mark("job running");

      try (Pipeline traffic =
          new Pipeline(kafka, producer(kafka), TestModels.Offline.float32(model))) {
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread sender = new Thread(() -> send(traffic, failed), "traffic");
        sender.start();
        List<String> faults = inject(run, new Random(SEED));
        sender.join(RUN_TIMEOUT.toMillis());
        assertThat(failed.get()).as("traffic").isNull();
        run.timer.mark("traffic sent: " + traffic.sent() + " observations; faults: " + faults);
        traffic.awaitForecasts(traffic.sent(), RUN_TIMEOUT, () -> failedForGood(run, job));
        run.timer.mark("all forecasts committed");
        Pipeline.Check c = traffic.check();
        System.out.printf(
            "fault injection: %d faults injected (%s); %s; dead letters %d%n",
            faults.size(), String.join(", ", faults), c, traffic.deadLetters().size());
        assertThat(c.lost()).isZero();
        assertThat(c.duplicated()).isZero();
        assertThat(c.forecasts()).isEqualTo(c.sent());
        assertThat(c.maxError()).isLessThanOrEqualTo(1e-6);
        assertThat(traffic.deadLetters()).hasSize(BadInputs.beforeTheOperator().size());
      }
      run.rest().cancel(job);
      run.deleteBulk();
    } catch (Throwable t) {
      System.out.println("cluster processes' output:\n" + run.tails());
      throw t;
    } finally {
      System.out.println(run.timer);
    }
  }

  /** Why the job will never forecast again (it failed for good, with its exceptions), or null. */
  private static String failedForGood(ClusterRun run, String job) throws Exception {
    String state = run.rest().job(job).path("state").asText();
    return state.equals("FAILED")
        ? "the job failed; exceptions: " + run.rest().exceptions(job)
        : null;
  }

  /** Day by day across keys, paced, with the bad inputs once in the middle. */
  private static void send(Pipeline traffic, AtomicReference<Throwable> failed) {
    try {
      for (int d = 0; d < DAYS; d++) {
        traffic.sendDays(KEYS, d, d + 1);
        if (d == DAYS / 2) {
          BadInputs.beforeTheOperator().forEach(b -> traffic.sendRaw(b.key(), b.value()));
        }
        Thread.sleep(250);
      }
      traffic.flush();
    } catch (Throwable t) {
      failed.set(t);
    }
  }

  /** Three TaskManager crashes and a broker restart, at random moments of the traffic. */
  private static List<String> inject(ClusterRun run, Random random) throws Exception {
    List<String> done = new ArrayList<>();
    String[] plan = {"taskmanager", "broker", "taskmanager", "taskmanager"};
    for (String fault : plan) {
      Thread.sleep(3_000 + random.nextInt(4_000));
      if (fault.equals("broker")) {
        run.restartBroker();
        done.add("broker restarted");
      } else {
        List<ChildProcess> tms = run.taskManagers();
        ChildProcess victim = tms.get(random.nextInt(tms.size()));
        run.crashTaskManager(victim);
        done.add(victim.name() + " killed");
      }
      run.timer.mark(done.get(done.size() - 1));
    }
    return done;
  }

  private static Properties producer(Properties kafka) {
    Properties p = new Properties();
    p.putAll(kafka);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "300000");
    return p;
  }
}
