package dev.aifactory.policy.notifications.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aifactory.common.aws.AwsClientConfigurer;
import dev.aifactory.common.aws.AwsProperties;
import dev.aifactory.policy.notifications.NotificationProperties;
import dev.aifactory.policy.notifications.Notifier;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** Which notifier the adapter property selects (no AWS call is made). */
class SnsNotificationsTest {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(NotificationProperties.class)
  static class Properties {}

  final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withUserConfiguration(Properties.class, SnsNotifications.class)
          .withBean(
              AwsClientConfigurer.class,
              () ->
                  new AwsClientConfigurer(
                      new AwsProperties(
                          "us-east-1", URI.create("http://127.0.0.1:1"), "testing", "testing")));

  @Test
  void notifiesNobodyLocally() {
    runner.run(context -> assertThat(context).doesNotHaveBean(Notifier.class));
  }

  @Test
  void publishesToTheConfiguredTopicWithTheAwsAdapter() {
    runner
        .withPropertyValues(
            "aifactory.policy.notifications.adapter=aws",
            "aifactory.policy.notifications.topic-arn=arn:aws:sns:us-east-1:123456789012:events")
        .run(
            context -> assertThat(context).getBean(Notifier.class).isInstanceOf(SnsNotifier.class));
  }

  @Test
  void refusesToStartWithoutATopic() {
    runner
        .withPropertyValues("aifactory.policy.notifications.adapter=aws")
        .run(
            context ->
                assertThat(context)
                    .hasFailed()
                    .getFailure()
                    .hasStackTraceContaining("topic-arn is required"));
  }

  @Test
  void selectsTheDecisionAndApprovalEventsByDefault() {
    runner.run(
        context ->
            assertThat(context.getBean(NotificationProperties.class).events())
                .contains("model.version-approved", "policy.decision-recorded"));
  }
}
