package dev.aifactory.monitoring.quality;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Ground-truth labels and the captures they belong to. */
public interface GroundTruth {

  /** A stored capture found for a labelled request id, with its window. */
  record CaptureRef(String requestId, QualityWindow window) {}

  /** True if the team's endpoint has any window here, i.e. monitoring has seen its traffic. */
  boolean knowsEndpoint(String team, String endpoint);

  /** Captures of the team's endpoint with these request ids (one per id and window). */
  List<CaptureRef> captures(String team, String endpoint, Collection<String> requestIds);

  /** Stores the labels; a label sent again for a request id replaces the earlier one. */
  void save(String team, String endpoint, Map<String, Double> labels, Instant receivedAt);

  /** The window's captured predictions that have a label, joined with it. */
  LabelledPredictions labelled(UUID windowId);

  /** Deletes labels received before {@code cutoff}; returns how many. */
  int purgeBefore(Instant cutoff);
}
