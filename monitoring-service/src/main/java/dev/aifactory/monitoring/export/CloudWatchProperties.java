package dev.aifactory.monitoring.export;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * CloudWatch settings of the AWS mode.
 *
 * @param namespace the CloudWatch namespace of metrics and alarms
 * @param step how often the registry publishes (CloudWatch's standard resolution is a minute)
 */
@ConfigurationProperties("aifactory.monitoring.cloudwatch")
public record CloudWatchProperties(
    @DefaultValue("aifactory") String namespace, @DefaultValue("1m") Duration step) {}
