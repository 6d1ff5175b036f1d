package dev.aifactory.dashboard.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aifactory.dashboard.services.GatewayApi.Deployment;
import dev.aifactory.dashboard.services.GatewayApi.Endpoint;
import dev.aifactory.dashboard.services.TrainingApi.TrainingRun;
import dev.aifactory.dashboard.services.TrainingApi.VersionSummary;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoopStateTest {

  @Test
  void aQueuedOrRunningRunMeansRetraining() {
    assertThat(OverviewPage.loopState("churn", 1, List.of(), List.of(run("RUNNING")), List.of()))
        .isEqualTo("retraining");
  }

  @Test
  void aVersionWaitingForManualApproval() {
    assertThat(
            OverviewPage.loopState(
                "churn", 1, List.of(version(2, "PENDING_MANUAL_APPROVAL")), List.of(), List.of()))
        .isEqualTo("waiting for approval");
  }

  @Test
  void anEndpointStillServingAnOlderVersionIsRollingOut() {
    assertThat(
            OverviewPage.loopState(
                "churn", 2, List.of(version(2, "APPROVED")), List.of(), List.of(endpoint(1))))
        .isEqualTo("rolling out");
  }

  @Test
  void everythingServingTheChampionIsIdle() {
    assertThat(
            OverviewPage.loopState(
                "churn",
                2,
                List.of(version(2, "APPROVED")),
                List.of(run("SUCCEEDED")),
                List.of(endpoint(2))))
        .isEqualTo("idle");
  }

  private static TrainingRun run(String status) {
    return new TrainingRun(
        "r",
        "demo",
        "churn",
        "d",
        1,
        "y",
        "binary",
        Map.of(),
        "data",
        null,
        "policy",
        null,
        status,
        null,
        null,
        Map.of(),
        null,
        null,
        Instant.now(),
        null,
        null,
        List.of());
  }

  private static VersionSummary version(int v, String status) {
    return new VersionSummary("churn", v, status, Map.of(), "data", Instant.now());
  }

  private static Endpoint endpoint(int servedVersion) {
    return new Endpoint(
        "churn",
        "demo",
        "churn",
        0.2,
        List.of(new Deployment("primary", "churn", servedVersion, "local", 1.0)),
        Instant.now(),
        Instant.now());
  }
}
