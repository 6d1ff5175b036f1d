package dev.aifactory.monitoring;

import dev.aifactory.monitoring.budget.BudgetProperties;
import dev.aifactory.monitoring.cost.Prices;
import dev.aifactory.monitoring.drift.DriftSettings;
import dev.aifactory.monitoring.drift.DriftStatistics;
import dev.aifactory.monitoring.drift.ModelMonitorFiles;
import dev.aifactory.monitoring.drift.ThresholdCalibration;
import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** Drift, latency and error monitoring of the endpoints' captured traffic. */
@SpringBootApplication
@EnableConfigurationProperties({MonitoringProperties.class, Prices.class, BudgetProperties.class})
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
    return new DriftStatistics(settings(properties));
  }

  private static DriftSettings settings(MonitoringProperties properties) {
    return new DriftSettings(
        properties.smallReferenceLimit(),
        properties.pValueThreshold(),
        properties.distanceThreshold());
  }

  @Bean
  ModelMonitorFiles modelMonitorFiles(MonitoringProperties properties) {
    return new ModelMonitorFiles(settings(properties));
  }

  @Bean
  ThresholdCalibration thresholdCalibration(
      DriftStatistics statistics, MonitoringProperties properties) {
    return new ThresholdCalibration(statistics, properties.calibrationChunks());
  }
}
