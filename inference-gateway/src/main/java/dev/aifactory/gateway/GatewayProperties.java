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
    @DefaultValue Quotas quotas,
    @DefaultValue Shadow shadow,
    @DefaultValue Remote remote,
    @DefaultValue SageMaker sagemaker) {

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
   * Remote model servers (OIP v2 over HTTP): each call may take {@code timeout}; a connection
   * attempt {@code connectTimeout}. Each model URL has a circuit breaker that, once {@code
   * breakerWindow} calls were made, looks at the last 5 × {@code breakerWindow} and opens when half
   * of them failed (so a backend failing every call is cut off after {@code breakerWindow}), then
   * fails fast for {@code breakerOpen} before letting a few trial calls through. A call that could
   * not connect is retried {@code retries} times (it never reached the server, so a retry cannot
   * score twice); timeouts and errors are not retried. Health ({@code /v2/health/live}, {@code
   * /v2/health/ready}, the model's {@code /ready}) is polled every {@code healthInterval}.
   */
  public record Remote(
      @DefaultValue("2s") Duration timeout,
      @DefaultValue("1s") Duration connectTimeout,
      @DefaultValue("20") int breakerWindow,
      @DefaultValue("10s") Duration breakerOpen,
      @DefaultValue("1") int retries,
      @DefaultValue("5s") Duration healthInterval,
      @DefaultValue("2s") Duration healthTimeout) {}

  /**
   * SageMaker endpoints as backends: the AWS region, and {@code endpointOverride} (empty = AWS) for
   * an emulator. Credentials come from the default AWS provider chain.
   */
  public record SageMaker(@DefaultValue("us-east-1") String region, String endpointOverride) {}

  /**
   * Shadow traffic: copies run on {@code threads} worker threads with at most {@code queueCapacity}
   * waiting; a full queue drops the copy (counted), so the primary never waits. A copy that has not
   * answered after {@code timeout} is recorded as timed out.
   */
  public record Shadow(
      @DefaultValue("4") int threads,
      @DefaultValue("1000") int queueCapacity,
      @DefaultValue("2s") Duration timeout) {}

  /**
   * Capture queue and batching: at most {@code batchSize} records per event, sent at least every
   * {@code flushInterval}; when {@code queueCapacity} records wait, new ones are dropped.
   */
  public record Capture(
      @DefaultValue("10000") int queueCapacity,
      @DefaultValue("100") int batchSize,
      @DefaultValue("500ms") Duration flushInterval) {}
}
