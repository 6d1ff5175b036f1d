package dev.aifactory.monitoring.alarm;

import java.util.Map;

/**
 * An alarm on one exported metric: in ALARM when the metric is at or above {@code threshold} for
 * {@code evaluationPeriods} periods of {@code periodSeconds}. SageMaker deployment guardrails can
 * roll a deployment back on such an alarm. {@code metricName} is the Micrometer gauge's name; the
 * adapter maps it to the name its backend publishes the gauge under.
 */
public record MetricAlarm(
    String name,
    String description,
    String metricName,
    Map<String, String> dimensions,
    double threshold,
    int periodSeconds,
    int evaluationPeriods) {}
