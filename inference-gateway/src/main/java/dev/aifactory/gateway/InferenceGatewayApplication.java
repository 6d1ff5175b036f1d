package dev.aifactory.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Endpoints, deployments and the data plane (OIP v2, SageMaker-runtime compatible). */
@SpringBootApplication
@ConfigurationPropertiesScan
public class InferenceGatewayApplication {

  public static void main(String[] args) {
    SpringApplication.run(InferenceGatewayApplication.class, args);
  }
}
