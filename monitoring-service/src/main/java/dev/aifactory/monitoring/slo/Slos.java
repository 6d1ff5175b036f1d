package dev.aifactory.monitoring.slo;

import dev.aifactory.monitoring.Page;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Stored SLOs, their per-window samples and alert states. */
public interface Slos {

  void create(Slo slo);

  /** Replaces the definition; false when no such SLO of the team exists. */
  boolean update(Slo slo);

  boolean delete(String team, UUID id);

  Optional<Slo> find(String team, UUID id);

  Page<Slo> list(String team, String endpoint, int page, int size);

  List<Slo> ofEndpoint(String team, String endpoint);

  /** Records one window's counts; a window already recorded for the SLO is ignored. */
  void recordSample(UUID sloId, UUID windowId, Instant windowEnd, double total, double good);

  /** Total and good requests of windows ending in {@code (from, to]}. */
  Counts counts(UUID sloId, Instant from, Instant to);

  /** Whether the alert was firing; false if never evaluated. */
  boolean firing(UUID sloId, String alert);

  void setFiring(UUID sloId, String alert, boolean firing, Instant at);

  /** Requests in a span: all of them and those that met the objective. */
  record Counts(double total, double good) {

    /** Share of requests that missed the objective; 0 without traffic. */
    public double badRatio() {
      return total <= 0 ? 0 : (total - good) / total;
    }
  }
}
