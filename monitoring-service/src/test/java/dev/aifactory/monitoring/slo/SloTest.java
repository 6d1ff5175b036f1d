package dev.aifactory.monitoring.slo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aifactory.common.events.CapturedInference;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class SloTest {

  private static final Instant AT = Instant.parse("2026-11-27T10:00:00Z");

  @Test
  void aLatencySloCountsFastSuccessfulRequestsAsGood() {
    Slo slo = slo(SloObjective.LATENCY, 100.0);

    assertThat(slo.good(capture(99, 200))).isTrue();
    assertThat(slo.good(capture(100, 200))).isFalse();
    assertThat(slo.good(capture(5, 503))).isFalse();
    assertThat(slo.describe()).isEqualTo("latency < 100 ms");
  }

  @Test
  void anAvailabilitySloCountsClientErrorsAsGoodAndServerErrorsAsBad() {
    Slo slo = slo(SloObjective.AVAILABILITY, null);

    assertThat(slo.good(capture(5000, 404))).isTrue();
    assertThat(slo.good(capture(5, 500))).isFalse();
  }

  @Test
  void theStandardAlertsAreTheSreWorkbooksPageAndTicketPairs() {
    assertThat(BurnRateAlert.STANDARD)
        .extracting(a -> a.name() + "@" + a.threshold())
        .containsExactly("1h/5m@14.4", "6h/30m@6.0");
    assertThat(BurnRateAlert.label(Duration.ofDays(30))).isEqualTo("30d");
  }

  @Test
  void aSampledCaptureStandsForTheRequestsItWasSampledFrom() {
    assertThat(SloEvaluation.weightOf(null)).isEqualTo(1.0);
    assertThat(SloEvaluation.weightOf(0.1)).isCloseTo(10.0, Offset.offset(1e-9));
    assertThat(SloEvaluation.weightOf(0.0)).isEqualTo(1.0);
    assertThat(SloEvaluation.weightOf(2.0)).isEqualTo(1.0);
  }

  private static Slo slo(SloObjective objective, Double threshold) {
    return new Slo(
        UUID.randomUUID(), "demo", "churn", "s", objective, 0.995, threshold, 30, AT, AT);
  }

  private static CapturedInference capture(double latency, int status) {
    return new CapturedInference(
        "r", "churn", "primary", "g", 1, AT, latency, 0.1, status, Map.of(), 0.5, null, null);
  }
}
