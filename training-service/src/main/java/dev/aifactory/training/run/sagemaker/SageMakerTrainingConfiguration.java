package dev.aifactory.training.run.sagemaker;

import dev.aifactory.common.aws.AwsClientConfigurer;
import dev.aifactory.training.run.TrainingLauncher;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
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

  @Bean
  TrainingLauncher sageMakerPipelineLauncher(
      SageMakerClient client,
      SageMakerProperties properties,
      AwsClientConfigurer aws,
      JsonMapper json) {
    return new SageMakerPipelineLauncher(
        new SageMakerPipelines(client),
        new SageMakerModelPackages(client),
        properties,
        aws.properties().region(),
        json);
  }
}
