package dev.aifactory.training.run;

import java.util.Map;

/**
 * A run asked for through the API. {@code idempotencyKey} (optional) with {@code requestHash}
 * (digest of the request body) makes a retried request return the run it created.
 */
public record ManualRunRequest(
    String team,
    String requestedBy,
    String modelGroup,
    String datasetId,
    Integer datasetVersion,
    String target,
    String objective,
    Map<String, String> hyperparameters,
    String trigger,
    String reason,
    String idempotencyKey,
    String requestHash) {}
