package dev.aifactory.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class RunQueueSamplerTest {

  @Test
  void readsThePressureTotalFromPsisSomeLine() {
    assertThat(
            RunQueueSampler.parsePressure("some avg10=1.02 avg60=8.45 avg300=5.67 total=25650805"))
        .isEqualTo(25_650_805);
    assertThatThrownBy(() -> RunQueueSampler.parsePressure("full avg10=0.00 total=0"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readsRunTimeWaitTimeAndTimesRunFromAThreadsSchedstat() throws Exception {
    Path file = Files.createTempFile("schedstat", "");
    Files.writeString(file, "41595392 6984801 59\n");

    assertThat(RunQueueSampler.parseSchedstat(file)).containsExactly(41_595_392L, 6_984_801L, 59L);
    assertThat(RunQueueSampler.parseSchedstat(file.resolveSibling("gone"))).isNull();
  }

  @Test
  void countsAThreadsCpuTimeAndKeepsItAfterTheThreadEnds() throws Exception {
    assumeThat(Path.of("/proc/self/task")).isDirectory();
    try (RunQueueSampler sampler =
        RunQueueSampler.start(Map.of("self", ProcessHandle.current().pid()))) {
      CountDownLatch spun = new CountDownLatch(1);
      CountDownLatch end = new CountDownLatch(1);
      Thread spinner =
          new Thread(
              () -> {
                long until = System.nanoTime() + 300_000_000L;
                while (System.nanoTime() < until) {
                  Thread.onSpinWait();
                }
                spun.countDown();
                try {
                  end.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      RunQueueSampler.Sample before = sampler.sample();
      spinner.start();
      spun.await();
      RunQueueSampler.Sample spinning = sampler.sample();
      end.countDown();
      spinner.join();
      RunQueueSampler.Sample after = sampler.sample();

      RunQueueSampler.Threads ran = RunQueueSampler.between(before, spinning).servers().get("self");
      assertThat(ran.runNanos()).isGreaterThan(250_000_000L);
      assertThat(ran.waitNanos()).isNotNegative();
      assertThat(ran.switches()).isPositive();
      // The spinner is gone now; what it ran stays counted.
      RunQueueSampler.Threads since =
          RunQueueSampler.between(spinning, after).servers().get("self");
      assertThat(since.runNanos()).isNotNegative();
      assertThat(since.waitNanos()).isNotNegative();
      assertThat(sampler.between(Instant.now().minusSeconds(60), Instant.now()).seconds())
          .isPositive();
    }
  }
}
