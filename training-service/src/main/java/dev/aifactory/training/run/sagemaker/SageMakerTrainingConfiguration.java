package dev.aifactory.training.run.sagemaker;

import dev.aifactory.common.aws.AwsClientConfigurer;
import dev.aifactory.training.run.TrainingLauncher;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import tools.jackson.databind.json.JsonMapper;

/** The SageMaker Pipelines launcher, selected by {@code aifactory.training.launcher=sagemaker}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "aifactory.training.launcher", havingValue = "sagemaker")
class SageMakerTrainingConfiguration {

  @Bean(destroyMethod = "close")
  SageMakerClient sageMakerClient(AwsClientConfigurer aws) {
    return aws.configure(SageMakerClient.builder()).build();
  }

  @Bean(destroyMethod = "close")
  S3Client sageMakerResultsS3Client(AwsClientConfigurer aws) {
    // Path-style for an endpoint override (the emulator), as ingestion does.
    return aws.configure(S3Client.builder())
        .forcePathStyle(aws.properties().endpoint() != null)
        .build();
  }

  @Bean
  SageMakerModelPackages sageMakerModelPackages(SageMakerClient client) {
    return new SageMakerModelPackages(client);
  }

  @Bean
  TrainingLauncher sageMakerPipelineLauncher(
      SageMakerClient client,
      SageMakerModelPackages packages,
      S3Client s3,
      SageMakerProperties properties,
      AwsClientConfigurer aws,
      JsonMapper json) {
    return new SageMakerPipelineLauncher(
        new SageMakerPipelines(client),
        packages,
        new S3Objects(s3),
        properties,
        aws.properties().region(),
        json);
  }
}
