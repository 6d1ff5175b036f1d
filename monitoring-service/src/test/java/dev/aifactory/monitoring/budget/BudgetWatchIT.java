package dev.aifactory.monitoring.budget;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.aifactory.common.events.TrainingRunCompleted;
import dev.aifactory.monitoring.cost.CostAccounting;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spend against policy's budgets: real PostgreSQL and outbox, WireMock standing in for policy's
 * token and budget endpoints. Each test uses its own teams.
 */
@SpringBootTest(properties = "aifactory.monitoring.budgets.cache-ttl=1h")
@EmbeddedKafka(partitions = 1)
class BudgetWatchIT {

  private static final WireMockServer POLICY = start();

  @Autowired BudgetWatch watch;
  @Autowired CostAccounting costs;
  @Autowired JdbcClient jdbc;
  @Autowired JsonMapper json;
  @Autowired MeterRegistry meters;

  private String run;

  private static WireMockServer start() {
    WireMockServer server = new WireMockServer(options().dynamicPort());
    server.start();
    return server;
  }

  @DynamicPropertySource
  static void policy(DynamicPropertyRegistry registry) {
    registry.add("aifactory.monitoring.budgets.policy-url", POLICY::baseUrl);
  }

  @AfterAll
  static void stop() {
    POLICY.stop();
  }

  @BeforeEach
  void stubToken() {
    run = UUID.randomUUID().toString().substring(0, 8);
    POLICY.stubFor(
        post(urlEqualTo("/oauth2/token"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"access_token\":\"token-of-monitoring\",\"token_type\":\"Bearer\","
                            + "\"expires_in\":3600}")));
  }

  @Test
  void crossingTheSoftThenTheHardLimitIsReportedOncePerKind() {
    String team = "spender-" + run;
    budget(team, 100.0, 80.0);

    spend(team, 60);
    watch.check();
    assertThat(alerts(team)).isEmpty();

    spend(team, 25); // 85: over the soft limit
    watch.check();
    watch.check();
    assertThat(alerts(team)).containsExactly("soft:85.0/80.0");

    spend(team, 40); // 125: over the hard limit too
    watch.check();
    watch.check();
    assertThat(alerts(team)).containsExactlyInAnyOrder("soft:85.0/80.0", "hard:125.0/100.0");
    assertThat(meters.get("aifactory.monitoring.spend.month.usd").tag("team", team).gauge().value())
        .isEqualTo(125.0);

    // Asked as client monitoring-service on behalf of the team; the answer is cached.
    String basic =
        Base64.getEncoder()
            .encodeToString("monitoring-service:monitoring-service-secret".getBytes());
    POLICY.verify(
        postRequestedFor(urlEqualTo("/oauth2/token"))
            .withHeader("Authorization", equalTo("Basic " + basic)));
    POLICY.verify(
        1,
        getRequestedFor(urlEqualTo("/api/v1/budgets/" + team))
            .withHeader("Authorization", equalTo("Bearer token-of-monitoring"))
            .withHeader("X-Aifactory-On-Behalf-Of", equalTo(team)));
  }

  @Test
  void aTeamWithoutBudgetOrAnUnreachablePolicyRaisesNothingAndOtherTeamsAreStillChecked() {
    String unbudgeted = "free-" + run;
    String failing = "failing-" + run;
    String budgeted = "capped-" + run;
    POLICY.stubFor(
        get(urlEqualTo("/api/v1/budgets/" + unbudgeted))
            .willReturn(aResponse().withStatus(404).withBody("{\"status\":404}")));
    POLICY.stubFor(
        get(urlEqualTo("/api/v1/budgets/" + failing)).willReturn(aResponse().withStatus(503)));
    budget(budgeted, 10.0, null);
    spend(unbudgeted, 1_000);
    spend(failing, 1_000);
    spend(budgeted, 11);

    watch.check();

    assertThat(alerts(unbudgeted)).isEmpty();
    assertThat(alerts(failing)).isEmpty();
    assertThat(alerts(budgeted)).containsExactly("hard:11.0/10.0");
  }

  /** Policy's BudgetView for the team (softLimitUsd left out when null). */
  private void budget(String team, double limit, Double soft) {
    Map<String, Object> view = new java.util.LinkedHashMap<>();
    view.put("team", team);
    view.put("period", java.time.YearMonth.now(java.time.ZoneOffset.UTC).toString());
    view.put("state", "ok");
    view.put("monthlyLimitUsd", limit);
    if (soft != null) {
      view.put("softLimitUsd", soft);
    }
    view.put("spentUsd", 0.0);
    view.put("reason", "test");
    POLICY.stubFor(
        get(urlEqualTo("/api/v1/budgets/" + team))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(json.writeValueAsString(view))));
  }

  private void spend(String team, double usd) {
    costs.recordTraining(
        new TrainingRunCompleted(
            team, "run-" + UUID.randomUUID(), "group", 1, Map.of(), 1_000, usd, "data"));
  }

  /** The budget-exceeded events in the outbox of the team, as kind:spend/limit. */
  private List<String> alerts(String team) {
    return jdbc
        .sql(
            "select payload from outbox where team = :team"
                + " and event_type = 'dev.aifactory.monitoring.budget-exceeded.v1'")
        .param("team", team)
        .query(String.class)
        .list()
        .stream()
        .map(p -> json.readTree(p))
        .map(n -> n.has("data") ? n.get("data") : n)
        .map(
            n ->
                (n.path("hard").asBoolean() ? "hard" : "soft")
                    + ":"
                    + n.path("spend").asDouble()
                    + "/"
                    + n.path("limit").asDouble())
        .toList();
  }
}
