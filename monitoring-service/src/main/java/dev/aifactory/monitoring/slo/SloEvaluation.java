package dev.aifactory.monitoring.slo;

import dev.aifactory.common.events.CapturedInference;
import dev.aifactory.common.events.SloViolated;
import dev.aifactory.common.outbox.Outbox;
import dev.aifactory.monitoring.violation.Violation;
import dev.aifactory.monitoring.violation.Violations;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Counts every closed window against its endpoint's SLOs and raises multi-window burn-rate alerts.
 * Runs in the window's evaluating transaction, so samples, alert state and {@code
 * monitoring.slo-violated} in the outbox commit together; an alert publishes when it starts firing
 * and again only after it has stopped.
 */
@Service
public class SloEvaluation {

  private final Slos slos;
  private final Outbox outbox;
  private final Violations violations;
  private final MeterRegistry meters;
  // Gauges hold their state weakly; the map keeps it alive for the life of the service.
  private final Map<Tags, AtomicReference<Double>> burnGauges = new ConcurrentHashMap<>();

  SloEvaluation(Slos slos, Outbox outbox, Violations violations, MeterRegistry meters) {
    this.slos = slos;
    this.violations = violations;
    this.outbox = outbox;
    this.meters = meters;
  }

  /** Burn rates and remaining budget of an SLO at {@code now}. */
  public record Status(
      Slo slo,
      Instant at,
      double total,
      double good,
      Double compliance,
      double errorBudgetRemaining,
      Map<String, Double> burnRates,
      List<AlertStatus> alerts) {}

  /** One burn-rate alert's state. */
  public record AlertStatus(
      String longWindow,
      String shortWindow,
      double threshold,
      double burnRateLong,
      double burnRateShort,
      boolean firing) {}

  /** Records a closed window of the endpoint (all variants count) and evaluates the alerts. */
  public void windowClosed(
      String team, String endpoint, UUID windowId, Instant windowEnd, List<CapturedInference> rs) {
    double[] latencies = rs.stream().mapToDouble(CapturedInference::latencyMs).toArray();
    int[] statuses = rs.stream().mapToInt(CapturedInference::status).toArray();
    double[] weights = rs.stream().mapToDouble(r -> weightOf(r.sampleRate())).toArray();
    windowClosed(team, endpoint, windowId, windowEnd, latencies, statuses, weights);
  }

  /**
   * As {@link #windowClosed(String, String, UUID, Instant, List)}, from the window's requests as
   * parallel arrays: latency (ms), status and weight (1 / sample rate).
   */
  public void windowClosed(
      String team,
      String endpoint,
      UUID windowId,
      Instant windowEnd,
      double[] latencies,
      int[] statuses,
      double[] weights) {
    double total = 0;
    for (double weight : weights) {
      total += weight;
    }
    windowClosed(
        team,
        endpoint,
        windowId,
        windowEnd,
        total,
        slo -> {
          double good = 0;
          for (int i = 0; i < latencies.length; i++) {
            if (slo.good(latencies[i], statuses[i])) {
              good += weights[i];
            }
          }
          return good;
        });
  }

  /**
   * As above, from a window's weighted request count and a function giving the weighted count of
   * requests that met an SLO (a window aggregate answers it from its latency histogram).
   */
  public void windowClosed(
      String team,
      String endpoint,
      UUID windowId,
      Instant windowEnd,
      double total,
      java.util.function.ToDoubleFunction<Slo> good) {
    List<Slo> defined = slos.ofEndpoint(team, endpoint);
    for (Slo slo : defined) {
      slos.recordSample(slo.id(), windowId, windowEnd, total, good.applyAsDouble(slo));
      alert(slo, windowEnd);
    }
  }

  private void alert(Slo slo, Instant now) {
    for (BurnRateAlert alert : BurnRateAlert.STANDARD) {
      double burnLong = burnRate(slo, now, alert.longWindow());
      double burnShort = burnRate(slo, now, alert.shortWindow());
      boolean firing = burnLong >= alert.threshold() && burnShort >= alert.threshold();
      boolean was = slos.firing(slo.id(), alert.name());
      if (firing != was) {
        slos.setFiring(slo.id(), alert.name(), firing, now);
      }
      if (firing && !was) {
        violations.record(
            new Violation(
                UUID.randomUUID(),
                slo.team(),
                slo.endpoint(),
                null,
                null,
                null,
                Violation.Kind.SLO,
                slo.name() + " " + alert.name(),
                "%s %.4g: burn rate %.1f over %s and %.1f over %s (threshold %.1f)"
                    .formatted(
                        slo.describe(),
                        slo.target(),
                        burnLong,
                        BurnRateAlert.label(alert.longWindow()),
                        burnShort,
                        BurnRateAlert.label(alert.shortWindow()),
                        alert.threshold()),
                null,
                now));
        outbox.publish(
            new SloViolated(
                slo.team(),
                slo.endpoint(),
                slo.id().toString(),
                slo.describe(),
                slo.target(),
                burnLong,
                burnShort,
                alert.threshold(),
                BurnRateAlert.label(alert.longWindow()),
                BurnRateAlert.label(alert.shortWindow())));
      }
      afterCommit(() -> gauge(slo, BurnRateAlert.label(alert.shortWindow())).set(burnShort));
      afterCommit(() -> gauge(slo, BurnRateAlert.label(alert.longWindow())).set(burnLong));
    }
  }

  public Status status(Slo slo, Instant now) {
    Slos.Counts period = slos.counts(slo.id(), now.minus(Duration.ofDays(slo.periodDays())), now);
    double budget = 1 - slo.target();
    double remaining = 1 - period.badRatio() / budget;
    Map<String, Double> burnRates = new LinkedHashMap<>();
    List<AlertStatus> alerts = new ArrayList<>();
    for (BurnRateAlert alert : BurnRateAlert.STANDARD) {
      double burnLong = burnRate(slo, now, alert.longWindow());
      double burnShort = burnRate(slo, now, alert.shortWindow());
      burnRates.put(BurnRateAlert.label(alert.longWindow()), burnLong);
      burnRates.put(BurnRateAlert.label(alert.shortWindow()), burnShort);
      alerts.add(
          new AlertStatus(
              BurnRateAlert.label(alert.longWindow()),
              BurnRateAlert.label(alert.shortWindow()),
              alert.threshold(),
              burnLong,
              burnShort,
              slos.firing(slo.id(), alert.name())));
    }
    return new Status(
        slo,
        now,
        period.total(),
        period.good(),
        period.total() > 0 ? period.good() / period.total() : null,
        remaining,
        burnRates,
        alerts);
  }

  /** How many times faster than allowed the budget burns over the span ending at {@code now}. */
  private double burnRate(Slo slo, Instant now, Duration span) {
    return slos.counts(slo.id(), now.minus(span), now).badRatio() / (1 - slo.target());
  }

  private AtomicReference<Double> gauge(Slo slo, String window) {
    Tags tags =
        Tags.of(
            "team", slo.team(), "endpoint", slo.endpoint(), "slo", slo.name(), "window", window);
    return burnGauges.computeIfAbsent(
        tags,
        t -> {
          AtomicReference<Double> value = new AtomicReference<>(0.0);
          Gauge.builder("aifactory.monitoring.slo.burn.rate", value, AtomicReference::get)
              .tags(t)
              .description("Error budget burn rate of the SLO over the window")
              .register(meters);
          return value;
        });
  }

  /** Requests one capture stands for (sampled at rate r: 1/r); null or invalid rates count 1. */
  static double weightOf(Double sampleRate) {
    if (sampleRate == null || !(sampleRate > 0) || sampleRate > 1) {
      return 1.0;
    }
    return 1.0 / sampleRate;
  }

  private static void afterCommit(Runnable action) {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCommit() {
              action.run();
            }
          });
    } else {
      action.run();
    }
  }
}
