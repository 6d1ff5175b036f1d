package dev.aifactory.monitoring.cost;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The price table ({@code aifactory.monitoring.prices}), in USD.
 *
 * @param localCpuSecond price of one CPU-second on the local machine
 * @param instanceHour price per hour of instance types (SageMaker endpoints in AWS mode)
 */
@ConfigurationProperties("aifactory.monitoring.prices")
public record Prices(
    @DefaultValue("0.00005") double localCpuSecond, Map<String, Double> instanceHour) {

  public Prices {
    if (localCpuSecond < 0) {
      throw new IllegalArgumentException("prices must not be negative, was " + localCpuSecond);
    }
    instanceHour = instanceHour == null ? Map.of() : Map.copyOf(instanceHour);
  }
}
