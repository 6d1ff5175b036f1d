package dev.aifactory.monitoring.slo;

/** What an SLO counts as a good request. */
public enum SloObjective {
  /** Answered without a server error (status below 500). */
  AVAILABILITY,
  /** Answered without a server error within the SLO's latency threshold. */
  LATENCY
}
