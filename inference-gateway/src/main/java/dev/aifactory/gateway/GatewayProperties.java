package dev.aifactory.gateway;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Gateway settings. {@code backend} picks the {@code ModelBackend} adapter ({@code local} is the
 * only one so far); {@code maxBodySize} bounds data-plane request bodies; {@code quotas} sets
 * per-team rate limits.
 */
@ConfigurationProperties("aifactory.gateway")
public record GatewayProperties(
    @DefaultValue("local") String backend,
    @DefaultValue("10MB") DataSize maxBodySize,
    @DefaultValue Capture capture,
    @DefaultValue Quotas quotas) {

  /**
   * Per-team request-rate limits, on top of each endpoint's own quota: {@code teams.<team>} for one
   * team, else {@code teamDefault}; a rate of 0 (the default) means no team limit. Limits are kept
   * in memory per gateway instance.
   */
  public record Quotas(@DefaultValue Limit teamDefault, Map<String, Limit> teams) {
    public Quotas {
      teams = teams == null ? Map.of() : Map.copyOf(teams);
    }

    public Limit forTeam(String team) {
      return team == null ? teamDefault : teams.getOrDefault(team, teamDefault);
    }
  }

  /** {@code requestsPerSecond} sustained, {@code burst} at once; rate 0 = unlimited. */
  public record Limit(@DefaultValue("0") double requestsPerSecond, @DefaultValue("0") int burst) {}

  /**
   * Capture queue and batching: at most {@code batchSize} records per event, sent at least every
   * {@code flushInterval}; when {@code queueCapacity} records wait, new ones are dropped.
   */
  public record Capture(
      @DefaultValue("10000") int queueCapacity,
      @DefaultValue("100") int batchSize,
      @DefaultValue("500ms") Duration flushInterval) {}
}
