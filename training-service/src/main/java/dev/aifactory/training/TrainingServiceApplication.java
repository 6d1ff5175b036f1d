package dev.aifactory.training;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Training runs, the local XGBoost launcher and the model registry. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TrainingServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(TrainingServiceApplication.class, args);
  }
}
