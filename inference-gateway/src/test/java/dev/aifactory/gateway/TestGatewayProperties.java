package dev.aifactory.gateway;

import java.time.Duration;
import java.util.Map;
import org.springframework.util.unit.DataSize;

/** Gateway settings for unit tests: the defaults, with the capture and shadow settings given. */
public final class TestGatewayProperties {

  private TestGatewayProperties() {}

  public static GatewayProperties of(
      GatewayProperties.Capture capture, GatewayProperties.Shadow shadow) {
    return new GatewayProperties(
        "local",
        DataSize.ofMegabytes(1),
        capture,
        new GatewayProperties.Quotas(new GatewayProperties.Limit(0, 0), Map.of()),
        shadow,
        new GatewayProperties.Remote(
            Duration.ofSeconds(2),
            Duration.ofSeconds(1),
            20,
            Duration.ofSeconds(10),
            1,
            Duration.ofSeconds(5),
            Duration.ofSeconds(2)),
        new GatewayProperties.SageMaker("us-east-1", null));
  }
}
