package dev.aifactory.dashboard.services;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ProblemMessagesTest {

  private final ProblemMessages problems = new ProblemMessages(JsonMapper.builder().build());

  @Test
  void namesTheServiceTheStatusTheDetailAndEachFieldAtFault() {
    String body =
        """
        {"type":"https://aifactory.dev/problems/invalid","title":"Bad Request","status":400,
         "detail":"The request is invalid","errors":[{"field":"version","message":"must be 1 or more"}]}
        """;

    assertThat(problems.describe("training-service", 400, "Bad Request", body))
        .isEqualTo(
            "training-service answered 400 Bad Request: The request is invalid; version must be 1"
                + " or more");
  }

  @Test
  void fallsBackToTheTitleWhenThereIsNoDetail() {
    assertThat(problems.describe("gateway", 404, "", "{\"title\":\"Not Found\",\"status\":404}"))
        .isEqualTo("gateway answered 404: Not Found");
  }

  @Test
  void readsOauthErrors() {
    assertThat(
            problems.describe(
                "policy-service", 401, "Unauthorized", "{\"error\":\"invalid_client\"}"))
        .endsWith(": invalid_client");
  }

  @Test
  void neverShowsAnHtmlPage() {
    assertThat(
            problems.describe(
                "monitoring-service", 502, "Bad Gateway", "<html><body>stack trace</body></html>"))
        .isEqualTo("monitoring-service answered 502 Bad Gateway");
  }

  @Test
  void anEmptyBodySaysOnlyTheStatus() {
    assertThat(problems.describe("ingestion-service", 500, null, ""))
        .isEqualTo("ingestion-service answered 500");
  }
}
