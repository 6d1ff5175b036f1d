package dev.aifactory.gateway.endpoint;

import java.time.Instant;
import java.util.List;

/**
 * The champion moves policy refused for an endpoint: the endpoint's admission log, so an operator
 * can see why it still serves the previous version.
 */
public interface AdmissionDenials {

  void record(Denial denial);

  /** The endpoint's most recent denials, newest first. */
  List<Denial> recent(String endpoint, int limit);

  /** One refused move; {@code decisionId} is policy's decision (audit) id when it sent one. */
  record Denial(
      String endpoint,
      String team,
      String modelGroup,
      int version,
      String decisionId,
      List<String> reasons,
      Instant deniedAt) {

    public Denial {
      reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }
  }
}
