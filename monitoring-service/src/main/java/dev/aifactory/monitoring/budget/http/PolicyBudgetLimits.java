package dev.aifactory.monitoring.budget.http;

import dev.aifactory.common.security.Caller;
import dev.aifactory.monitoring.budget.BudgetLimits;
import dev.aifactory.monitoring.budget.BudgetLimitsUnavailable;
import dev.aifactory.monitoring.budget.BudgetProperties;
import dev.aifactory.monitoring.budget.TeamBudget;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Budgets from policy's {@code GET /api/v1/budgets/{team}}, called as client {@code
 * monitoring-service} (role service) on behalf of the team; answers are cached per team for {@code
 * cache-ttl}, a team without a budget (404) too.
 */
@Component
class PolicyBudgetLimits implements BudgetLimits {

  private final HttpClient http;
  private final ClientCredentialsTokens tokens;
  private final JsonMapper json;
  private final BudgetProperties properties;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(Optional<TeamBudget> budget, Instant until) {}

  PolicyBudgetLimits(JsonMapper json, BudgetProperties properties, Clock clock) {
    this.http = HttpClient.newBuilder().connectTimeout(properties.timeout()).build();
    this.json = json;
    this.properties = properties;
    this.clock = clock;
    this.tokens = new ClientCredentialsTokens(http, json, properties, clock);
  }

  @Override
  public Optional<TeamBudget> of(String team) {
    Instant now = clock.instant();
    Cached cached = cache.get(team);
    if (cached != null && now.isBefore(cached.until())) {
      return cached.budget();
    }
    Optional<TeamBudget> budget = fetch(team, false);
    cache.put(team, new Cached(budget, now.plus(properties.cacheTtl())));
    return budget;
  }

  private Optional<TeamBudget> fetch(String team, boolean retried) {
    URI uri =
        properties
            .policyUrl()
            .resolve("/api/v1/budgets/" + URLEncoder.encode(team, StandardCharsets.UTF_8));
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(properties.timeout())
            .header("Authorization", "Bearer " + tokens.token())
            .header(Caller.ON_BEHALF_OF_HEADER, team)
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<String> response = send(request, "budget of team " + team);
    int status = response.statusCode();
    if (status == 401 && !retried) {
      tokens.forget(); // policy's keys may have rotated: one retry with a fresh token
      return fetch(team, true);
    }
    if (status == 404) {
      return Optional.empty();
    }
    if (status != 200) {
      throw new BudgetLimitsUnavailable(
          "policy answered HTTP " + status + " for the budget of team " + team + " at " + uri,
          null);
    }
    JsonNode body = json.readTree(response.body());
    JsonNode limit = body.path("monthlyLimitUsd");
    if (!limit.isNumber()) {
      return Optional.empty(); // state none: policy knows the team but it has no budget
    }
    JsonNode soft = body.path("softLimitUsd");
    JsonNode period = body.path("period");
    return Optional.of(
        new TeamBudget(
            team,
            period.isString() ? period.asString() : null,
            limit.asDouble(),
            soft.isNumber() ? soft.asDouble() : null));
  }

  private HttpResponse<String> send(HttpRequest request, String what) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new BudgetLimitsUnavailable(
          "could not ask policy at " + request.uri() + " for the " + what + ": " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BudgetLimitsUnavailable("interrupted while asking policy for the " + what, e);
    }
  }

  static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
