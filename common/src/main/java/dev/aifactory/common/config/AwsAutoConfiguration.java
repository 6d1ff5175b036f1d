package dev.aifactory.common.config;

import dev.aifactory.common.aws.AwsClientConfigurer;
import dev.aifactory.common.aws.AwsProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** The shared {@link AwsClientConfigurer}; clients themselves are built by the adapters. */
@AutoConfiguration
@EnableConfigurationProperties(AwsProperties.class)
public class AwsAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  AwsClientConfigurer awsClientConfigurer(AwsProperties properties) {
    return new AwsClientConfigurer(properties);
  }
}
