package dev.aifactory.monitoring.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aifactory.common.aws.AwsClientConfigurer;
import dev.aifactory.common.aws.AwsProperties;
import dev.aifactory.common.config.AwsAutoConfiguration;
import dev.aifactory.common.testing.MotoServer;
import dev.aifactory.monitoring.MonitoringProperties;
import dev.aifactory.monitoring.alarm.EndpointAlarms;
import dev.aifactory.monitoring.alarm.cloudwatch.CloudWatchAlarms;
import io.micrometer.cloudwatch2.CloudWatchMeterRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.DimensionFilter;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;

/**
 * The AWS mode against the local AWS emulator (moto server, started here; skipped where it is not
 * installed): the cloudwatch2 registry bean publishes the endpoint gauges, read back with {@code
 * ListMetrics} and {@code GetMetricData}; the CloudWatch alarms adapter defines the endpoint
 * alarms, read back with {@code DescribeAlarms}.
 */
class CloudWatchExportIT {

  /** The gauge as the cloudwatch2 registry names it in CloudWatch. */
  static final String DRIFT_SHARE_METRIC =
      EndpointAlarms.DRIFT_SHARE + CloudWatchAlarms.GAUGE_SUFFIX;

  static MotoServer moto;

  @BeforeAll
  static void startEmulator() throws Exception {
    moto = MotoServer.start();
  }

  @AfterAll
  static void stopEmulator() {
    if (moto != null) {
      moto.close();
    }
  }

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String namespace = "aifactory-it-" + run;

  private ApplicationContextRunner aws() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AwsAutoConfiguration.class))
        .withUserConfiguration(CloudWatchMetricsConfiguration.class)
        .withPropertyValues(
            "aifactory.aws.region=us-east-1",
            "aifactory.aws.endpoint=" + moto.endpoint(),
            "aifactory.aws.access-key-id=testing",
            "aifactory.aws.secret-access-key=testing",
            "aifactory.monitoring.cloudwatch.namespace=" + namespace);
  }

  @Test
  void theRegistryBeanExistsOnlyInCloudWatchMode() {
    aws().run(context -> assertThat(context).doesNotHaveBean(CloudWatchMeterRegistry.class));
    aws()
        .withPropertyValues("aifactory.monitoring.metrics-export=cloudwatch")
        .run(context -> assertThat(context).hasSingleBean(CloudWatchMeterRegistry.class));
  }

  @Test
  void endpointGaugesArePublishedAndReadBack() {
    AtomicReference<Double> share = new AtomicReference<>(0.75);
    aws()
        .withPropertyValues("aifactory.monitoring.metrics-export=cloudwatch")
        .run(
            context -> {
              MeterRegistry registry = context.getBean(CloudWatchMeterRegistry.class);
              Gauge.builder(EndpointAlarms.DRIFT_SHARE, share, AtomicReference::get)
                  .tags("team", "growth", "endpoint", "churn-" + run)
                  .register(registry);
            }); // closing the context closes the registry, which publishes

    try (CloudWatchClient cloudWatch = client()) {
      List<Metric> metrics =
          cloudWatch
              .listMetrics(
                  b ->
                      b.namespace(namespace)
                          .dimensions(
                              DimensionFilter.builder()
                                  .name("endpoint")
                                  .value("churn-" + run)
                                  .build()))
              .metrics();
      assertThat(metrics).extracting(Metric::metricName).contains(DRIFT_SHARE_METRIC);
      Instant now = Instant.now();
      GetMetricDataResponse data =
          cloudWatch.getMetricData(
              b ->
                  b.startTime(now.minus(10, ChronoUnit.MINUTES))
                      .endTime(now.plus(10, ChronoUnit.MINUTES))
                      .metricDataQueries(
                          q ->
                              q.id("share")
                                  .metricStat(
                                      s ->
                                          s.period(60)
                                              .stat("Maximum")
                                              .metric(
                                                  m ->
                                                      m.namespace(namespace)
                                                          .metricName(DRIFT_SHARE_METRIC)
                                                          .dimensions(
                                                              dimension("endpoint", "churn-" + run),
                                                              dimension("team", "growth"))))));
      assertThat(data.metricDataResults().get(0).values()).contains(0.75);
    }
  }

  @Test
  void endpointAlarmsAreDefinedAndDescribed() {
    MonitoringProperties properties =
        new Binder(new MapConfigurationPropertySource(Map.of()))
            .bindOrCreate("aifactory.monitoring", MonitoringProperties.class);
    try (CloudWatchClient cloudWatch = client()) {
      EndpointAlarms alarms =
          new EndpointAlarms(new CloudWatchAlarms(cloudWatch, namespace), properties);

      assertThat(alarms.ensure("growth", "churn-" + run)).isTrue();

      List<MetricAlarm> described =
          cloudWatch
              .describeAlarms(b -> b.alarmNamePrefix("aifactory-growth-churn-" + run))
              .metricAlarms();
      assertThat(described)
          .extracting(a -> a.metricName() + ">=" + a.threshold())
          .containsExactlyInAnyOrder(
              DRIFT_SHARE_METRIC + ">=0.5",
              EndpointAlarms.ERROR_RATE + CloudWatchAlarms.GAUGE_SUFFIX + ">=0.05");
      assertThat(described)
          .allSatisfy(
              a -> {
                assertThat(a.namespace()).isEqualTo(namespace);
                assertThat(a.dimensions())
                    .containsExactlyInAnyOrder(
                        dimension("endpoint", "churn-" + run), dimension("team", "growth"));
              });
    }
  }

  private static Dimension dimension(String name, String value) {
    return Dimension.builder().name(name).value(value).build();
  }

  private static CloudWatchClient client() {
    return new AwsClientConfigurer(
            new AwsProperties("us-east-1", moto.endpoint(), "testing", "testing"))
        .configure(CloudWatchClient.builder())
        .build();
  }
}
