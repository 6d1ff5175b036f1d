package dev.aifactory.policy.notifications;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which adapter notifies ({@code local}: none; {@code aws}: SNS), the SNS topic, and which event
 * types are published.
 */
@ConfigurationProperties("aifactory.policy.notifications")
public record NotificationProperties(
    @DefaultValue("local") String adapter,
    String topicArn,
    @DefaultValue({
          "model.version-approved",
          "model.version-rejected",
          "policy.decision-recorded",
          "monitoring.budget-exceeded"
        })
        List<String> events) {}
