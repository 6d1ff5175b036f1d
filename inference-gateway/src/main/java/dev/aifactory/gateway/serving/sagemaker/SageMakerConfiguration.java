package dev.aifactory.gateway.serving.sagemaker;

import dev.aifactory.gateway.GatewayProperties;
import java.net.URI;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SageMaker clients (default credential chain; {@code aifactory.gateway.sagemaker.*}) behind
 * the SageMaker backend and the endpoint provisioner. Credentials are only resolved on the first
 * call, so a gateway without AWS configuration starts and serves other backends.
 */
@Configuration(proxyBeanMethods = false)
class SageMakerConfiguration {

  @Bean(destroyMethod = "close")
  SageMakerRuntimeClient sageMakerRuntimeClient(GatewayProperties properties) {
    var builder =
        SageMakerRuntimeClient.builder()
            .region(Region.of(properties.sagemaker().region()))
            .overrideConfiguration(
                o ->
                    o.apiCallTimeout(properties.remote().timeout())
                        .retryStrategy(AwsRetryStrategy.doNotRetry()));
    if (hasText(properties.sagemaker().endpointOverride())) {
      builder.endpointOverride(URI.create(properties.sagemaker().endpointOverride()));
    }
    return builder.build();
  }

  @Bean(destroyMethod = "close")
  SageMakerClient sageMakerClient(GatewayProperties properties) {
    var builder = SageMakerClient.builder().region(Region.of(properties.sagemaker().region()));
    if (hasText(properties.sagemaker().endpointOverride())) {
      builder.endpointOverride(URI.create(properties.sagemaker().endpointOverride()));
    }
    return builder.build();
  }

  /**
   * Ahead of the other adapters: the in-process adapter claims every location that is not an HTTP
   * URL, so it would take {@code sagemaker://} deployments (and fail to load them) if asked first.
   */
  @Bean
  @Order(Ordered.HIGHEST_PRECEDENCE)
  SageMakerEndpointBackend sageMakerEndpointBackend(
      SageMakerRuntimeClient runtime,
      SageMakerClient sagemaker,
      JsonMapper json,
      GatewayProperties properties) {
    return new SageMakerEndpointBackend(runtime, sagemaker, json, properties.remote());
  }

  @Bean
  SageMakerEndpointProvisioner sageMakerEndpointProvisioner(SageMakerClient sagemaker) {
    return new SageMakerEndpointProvisioner(sagemaker, Duration.ofSeconds(15));
  }

  private static boolean hasText(String s) {
    return s != null && !s.isBlank();
  }
}
