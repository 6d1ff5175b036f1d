package dev.aifactory.training.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aifactory.training.TrainingIntegrationTest;
import dev.aifactory.training.run.local.TestData;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

class InterruptedRunRecoveryIT extends TrainingIntegrationTest {

  @Autowired TrainingRuns runs;
  @Autowired TrainingRunManagement management;
  @Autowired TrainingDispatcher dispatcher;

  @TempDir Path dir;

  @Test
  void aRunLeftRunningByADeadProcessIsTrainedAgainAndRegisteredOnce() {
    String group = unique("crash");
    UUID id = UUID.randomUUID();
    runs.create(
        id,
        new TrainingRunSpec(
            "growth",
            UUID.randomUUID().toString(),
            null,
            group,
            "ds-crash",
            1,
            TestData.binary(dir, 200, 31).toUri().toString(),
            List.of(),
            "churned",
            "binary",
            Map.of("num_round", "10"),
            "schedule",
            "nightly",
            "scheduler",
            null),
        RunStatus.RUNNING,
        null);

    assertThat(management.requeueInterrupted(dispatcher.inFlight())).isPositive();

    await()
        .atMost(TIMEOUT)
        .until(() -> runs.find(id).orElseThrow().status() == RunStatus.SUCCEEDED);
    assertThat(count("select count(*) from model_versions where model_group = ?", group)).isOne();
    assertThat(runs.find(id).orElseThrow().attempts()).isEqualTo(1);
  }
}
