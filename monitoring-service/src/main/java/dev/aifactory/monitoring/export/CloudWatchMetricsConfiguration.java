package dev.aifactory.monitoring.export;

import dev.aifactory.common.aws.AwsClientConfigurer;
import io.micrometer.cloudwatch2.CloudWatchConfig;
import io.micrometer.cloudwatch2.CloudWatchMeterRegistry;
import io.micrometer.core.instrument.Clock;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;

/**
 * AWS mode ({@code aifactory.monitoring.metrics-export=cloudwatch}, set by the {@code aws}
 * profile): every meter also goes to CloudWatch. Boot 4 has no auto-configuration for the
 * cloudwatch2 registry, so it is declared here; Boot's composite registry then feeds it alongside
 * Prometheus, which stays on. Tags become CloudWatch dimensions.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "aifactory.monitoring.metrics-export", havingValue = "cloudwatch")
@EnableConfigurationProperties(CloudWatchProperties.class)
public class CloudWatchMetricsConfiguration {

  @Bean(destroyMethod = "close")
  CloudWatchAsyncClient cloudWatchAsyncClient(AwsClientConfigurer configurer) {
    return configurer.configure(CloudWatchAsyncClient.builder()).build();
  }

  @Bean(destroyMethod = "close")
  CloudWatchMeterRegistry cloudWatchMeterRegistry(
      CloudWatchAsyncClient client, CloudWatchProperties properties) {
    return registry(client, properties.namespace(), properties.step());
  }

  /** A registry publishing every {@code step} to {@code namespace}. */
  public static CloudWatchMeterRegistry registry(
      CloudWatchAsyncClient client, String namespace, Duration step) {
    Map<String, String> settings =
        Map.of("cloudwatch.namespace", namespace, "cloudwatch.step", step.toString());
    CloudWatchConfig config = settings::get;
    return new CloudWatchMeterRegistry(config, Clock.SYSTEM, client);
  }
}
