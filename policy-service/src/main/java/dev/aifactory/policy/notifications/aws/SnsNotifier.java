package dev.aifactory.policy.notifications.aws;

import dev.aifactory.policy.notifications.Notifier;
import java.util.Map;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * Publishes to one SNS topic. {@code eventType} and {@code team} travel as message attributes, so
 * subscriptions can filter on them.
 */
class SnsNotifier implements Notifier {

  private final SnsClient sns;
  private final String topicArn;

  SnsNotifier(SnsClient sns, String topicArn) {
    this.sns = sns;
    this.topicArn = topicArn;
  }

  @Override
  public void publish(String eventType, String team, String subject, String message) {
    sns.publish(
        b ->
            b.topicArn(topicArn)
                .message(message)
                .messageAttributes(
                    Map.of(
                        "eventType", attribute(eventType),
                        "team", attribute(team == null ? "" : team))));
  }

  private static MessageAttributeValue attribute(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }
}
