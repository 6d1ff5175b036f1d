package dev.aifactory.common.aws;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings every AWS SDK client of a service shares. {@code endpoint} overrides the service
 * endpoints (the local emulator in tests, a VPC endpoint in production); without access keys the
 * SDK's default credential chain (IAM role, environment, profile) is used.
 */
@ConfigurationProperties("aifactory.aws")
public record AwsProperties(
    @DefaultValue("us-east-1") String region,
    URI endpoint,
    String accessKeyId,
    String secretAccessKey) {}
