package dev.aifactory.monitoring.alarm.cloudwatch;

import dev.aifactory.monitoring.alarm.Alarms;
import dev.aifactory.monitoring.alarm.AlarmsUnavailable;
import dev.aifactory.monitoring.alarm.MetricAlarm;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

/**
 * Alarms as CloudWatch metric alarms ({@code PutMetricAlarm}) on the metrics the cloudwatch2
 * registry publishes. Throttling is retried by the SDK (standard retry mode, backoff); past the
 * retries it is {@link AlarmsUnavailable}.
 */
public class CloudWatchAlarms implements Alarms {

  /**
   * micrometer-registry-cloudwatch2 publishes a gauge {@code x} as the CloudWatch metric {@code
   * x.value}; the alarm must watch that name.
   */
  public static final String GAUGE_SUFFIX = ".value";

  private final CloudWatchClient cloudWatch;
  private final String namespace;

  public CloudWatchAlarms(CloudWatchClient cloudWatch, String namespace) {
    this.cloudWatch = cloudWatch;
    this.namespace = namespace;
  }

  @Override
  public void put(MetricAlarm alarm) {
    List<Dimension> dimensions =
        alarm.dimensions().entrySet().stream()
            .sorted(java.util.Map.Entry.comparingByKey())
            .map(d -> Dimension.builder().name(d.getKey()).value(d.getValue()).build())
            .toList();
    try {
      cloudWatch.putMetricAlarm(
          b ->
              b.alarmName(alarm.name())
                  .alarmDescription(alarm.description())
                  .namespace(namespace)
                  .metricName(alarm.metricName() + GAUGE_SUFFIX)
                  .dimensions(dimensions)
                  .statistic(Statistic.MAXIMUM)
                  .period(alarm.periodSeconds())
                  .evaluationPeriods(alarm.evaluationPeriods())
                  .threshold(alarm.threshold())
                  .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                  // No traffic, no windows: not a reason to roll back.
                  .treatMissingData("notBreaching"));
    } catch (SdkException e) {
      throw new AlarmsUnavailable("PutMetricAlarm " + alarm.name() + " failed", e);
    }
  }
}
