package dev.aifactory.common.aws;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;

/**
 * Applies region, credentials and the endpoint override from {@link AwsProperties} to any AWS SDK
 * v2 client builder, so every adapter builds its client the same way: {@code
 * configurer.configure(S3Client.builder()).build()}.
 */
public class AwsClientConfigurer {

  private final AwsProperties properties;

  public AwsClientConfigurer(AwsProperties properties) {
    this.properties = properties;
  }

  public <B extends AwsClientBuilder<B, C>, C> B configure(B builder) {
    builder.region(Region.of(properties.region()));
    if (properties.endpoint() != null) {
      builder.endpointOverride(properties.endpoint());
    }
    if (properties.accessKeyId() != null && properties.secretAccessKey() != null) {
      builder.credentialsProvider(
          StaticCredentialsProvider.create(
              AwsBasicCredentials.create(properties.accessKeyId(), properties.secretAccessKey())));
    } else {
      builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
    }
    return builder;
  }

  public AwsProperties properties() {
    return properties;
  }
}
