package dev.aifactory.monitoring.cost;

/**
 * Spend of one team, model group or version ({@code modelGroup}/{@code version} null when not
 * grouped by them). {@code costPer1000Predictions} is serving cost per 1,000 captured predictions,
 * null without predictions.
 */
public record CostLine(
    String team,
    String modelGroup,
    Integer version,
    double trainingCost,
    double servingCost,
    double totalCost,
    long predictions,
    Double costPer1000Predictions) {}
