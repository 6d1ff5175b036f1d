package dev.aifactory.gateway;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Gateway settings. {@code backend} picks the {@code ModelBackend} adapter ({@code local} is the
 * only one so far); {@code maxBodySize} bounds data-plane request bodies.
 */
@ConfigurationProperties("aifactory.gateway")
public record GatewayProperties(
    @DefaultValue("local") String backend,
    @DefaultValue("10MB") DataSize maxBodySize,
    @DefaultValue Capture capture) {

  /**
   * Capture queue and batching: at most {@code batchSize} records per event, sent at least every
   * {@code flushInterval}; when {@code queueCapacity} records wait, new ones are dropped.
   */
  public record Capture(
      @DefaultValue("10000") int queueCapacity,
      @DefaultValue("100") int batchSize,
      @DefaultValue("500ms") Duration flushInterval) {}
}
