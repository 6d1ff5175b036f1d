package dev.aifactory.ingestion;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Datasets, immutable profiled versions and the {@code dataset.version-registered} events. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class IngestionServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(IngestionServiceApplication.class, args);
  }
}
