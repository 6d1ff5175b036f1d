package dev.aifactory.gateway.dataplane;

import dev.aifactory.gateway.GatewayProperties;
import dev.aifactory.gateway.endpoint.Endpoint;
import dev.aifactory.gateway.endpoint.Quota;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Request-rate quotas of endpoints and teams, as in-memory token buckets. In memory on purpose: a
 * shared store would put I/O on every request; the price is that with N gateway instances behind a
 * balancer a team gets up to N times its limit. A bucket is rebuilt (full) when its quota changes.
 */
@Component
class RateLimiter {

  private record Limited(Quota quota, TokenBucket bucket) {}

  private final GatewayProperties.Quotas teams;
  private final Map<String, Limited> byEndpoint = new ConcurrentHashMap<>();
  private final Map<String, Limited> byTeam = new ConcurrentHashMap<>();

  RateLimiter(GatewayProperties properties) {
    this.teams = properties.quotas();
  }

  /** Takes one request from the endpoint's and the team's quota, or throws {@link RateLimited}. */
  void acquire(Endpoint endpoint) {
    long now = System.nanoTime();
    Quota quota = endpoint.quota();
    if (quota != null) {
      long wait = bucket(byEndpoint, endpoint.name(), quota, now).take(now);
      if (wait > 0) {
        throw limited("Endpoint '" + endpoint.name() + "'", quota, wait);
      }
    }
    GatewayProperties.Limit team = teams.forTeam(endpoint.team());
    if (team != null && team.requestsPerSecond() > 0) {
      Quota teamQuota =
          new Quota(
              team.requestsPerSecond(),
              team.burst() > 0 ? team.burst() : (int) Math.ceil(team.requestsPerSecond()));
      long wait = bucket(byTeam, endpoint.team(), teamQuota, now).take(now);
      if (wait > 0) {
        throw limited("Team '" + endpoint.team() + "'", teamQuota, wait);
      }
    }
  }

  private static TokenBucket bucket(
      Map<String, Limited> buckets, String key, Quota quota, long now) {
    Limited current = buckets.get(key);
    if (current == null || !current.quota().equals(quota)) {
      current =
          buckets.compute(
              key,
              (k, existing) ->
                  existing != null && existing.quota().equals(quota)
                      ? existing
                      : new Limited(
                          quota, new TokenBucket(quota.requestsPerSecond(), quota.burst(), now)));
    }
    return current.bucket();
  }

  private static RateLimited limited(String who, Quota quota, long waitNanos) {
    long seconds = Math.max(1, (long) Math.ceil(waitNanos / (double) TimeUnit.SECONDS.toNanos(1)));
    return new RateLimited(
        String.format(
            Locale.ROOT,
            "%s allows %s requests per second (burst %d) and is over it; retry after %d s",
            who,
            quota.requestsPerSecond() == Math.rint(quota.requestsPerSecond())
                ? Long.toString((long) quota.requestsPerSecond())
                : Double.toString(quota.requestsPerSecond()),
            quota.burst(),
            seconds),
        seconds);
  }
}
