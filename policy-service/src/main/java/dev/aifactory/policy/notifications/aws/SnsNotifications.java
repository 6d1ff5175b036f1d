package dev.aifactory.policy.notifications.aws;

import dev.aifactory.common.aws.AwsClientConfigurer;
import dev.aifactory.policy.notifications.NotificationProperties;
import dev.aifactory.policy.notifications.Notifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.sns.SnsClient;

/** The SNS notifier, when {@code aifactory.policy.notifications.adapter=aws}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "aifactory.policy.notifications.adapter", havingValue = "aws")
class SnsNotifications {

  @Bean(destroyMethod = "close")
  SnsClient policySnsClient(AwsClientConfigurer configurer) {
    return configurer.configure(SnsClient.builder()).build();
  }

  @Bean
  Notifier snsNotifier(SnsClient policySnsClient, NotificationProperties properties) {
    if (properties.topicArn() == null || properties.topicArn().isBlank()) {
      throw new IllegalStateException(
          "aifactory.policy.notifications.topic-arn is required with the aws adapter");
    }
    return new SnsNotifier(policySnsClient, properties.topicArn());
  }
}
