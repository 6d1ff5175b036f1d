package dev.aifactory.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SchedulingPriorityTest {

  @Test
  void setsTheNiceValueOfTheCallingThreadOnly() throws Exception {
    // Raising the nice value needs no privilege; lowering it would need root.
    String before = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
    int niceBefore = SchedulingPriority.niceOf(before);
    int raised = Math.min(19, niceBefore + 3);
    AtomicReference<String> said = new AtomicReference<>();
    AtomicReference<String> tid = new AtomicReference<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                tid.set(
                    Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString());
              } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
              }
              said.set(SchedulingPriority.setForCurrentThread(raised));
            });

    thread.start();
    thread.join();

    assertThat(said.get()).isEqualTo("thread " + tid.get() + " at nice " + raised);
    assertThat(SchedulingPriority.niceOf(before)).isEqualTo(niceBefore);
  }
}
