package dev.aifactory.monitoring;

import dev.aifactory.monitoring.drift.DriftSettings;
import dev.aifactory.monitoring.drift.DriftStatistics;
import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** Drift, latency and error monitoring of the endpoints' captured traffic. */
@SpringBootApplication
@EnableConfigurationProperties(MonitoringProperties.class)
public class MonitoringServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(MonitoringServiceApplication.class, args);
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  DriftStatistics driftStatistics(MonitoringProperties properties) {
    return new DriftStatistics(
        new DriftSettings(
            properties.smallReferenceLimit(),
            properties.pValueThreshold(),
            properties.distanceThreshold()));
  }
}
