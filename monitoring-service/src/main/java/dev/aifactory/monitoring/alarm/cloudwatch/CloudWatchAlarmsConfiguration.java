package dev.aifactory.monitoring.alarm.cloudwatch;

import dev.aifactory.common.aws.AwsClientConfigurer;
import dev.aifactory.monitoring.export.CloudWatchProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/** AWS mode ({@code aifactory.monitoring.alarms=aws}): alarms in CloudWatch. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "aifactory.monitoring.alarms", havingValue = "aws")
@EnableConfigurationProperties(CloudWatchProperties.class)
class CloudWatchAlarmsConfiguration {

  @Bean(destroyMethod = "close")
  CloudWatchClient cloudWatchClient(AwsClientConfigurer configurer) {
    return configurer.configure(CloudWatchClient.builder()).build();
  }

  @Bean
  CloudWatchAlarms cloudWatchAlarms(CloudWatchClient cloudWatch, CloudWatchProperties properties) {
    return new CloudWatchAlarms(cloudWatch, properties.namespace());
  }
}
