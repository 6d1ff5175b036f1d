package dev.aifactory.training.run;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One attempt to train a model group on a dataset version, and how it went; {@code iterations}
 * holds the evaluation of every round reported so far; {@code principal} is whose grant admission
 * checks (null: the team, {@code team:<team>}); {@code rejectionReasons} say why a REJECTED run was
 * not launched.
 */
public record TrainingRun(
    UUID id,
    String team,
    String requestId,
    String requestHash,
    String modelGroup,
    String datasetId,
    int datasetVersion,
    String datasetLocation,
    List<String> datasetTags,
    String target,
    String objective,
    Map<String, String> hyperparameters,
    String trigger,
    String reason,
    String requestedBy,
    String decisionId,
    RunStatus status,
    String error,
    Integer modelVersion,
    Map<String, Double> metrics,
    int attempts,
    Long durationMs,
    Double cost,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    List<Iteration> iterations,
    String principal,
    String admissionDecisionId,
    List<String> rejectionReasons) {}
