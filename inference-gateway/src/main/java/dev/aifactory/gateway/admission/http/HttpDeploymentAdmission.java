package dev.aifactory.gateway.admission.http;

import dev.aifactory.common.security.Caller;
import dev.aifactory.gateway.admission.AdmissionProperties;
import dev.aifactory.gateway.admission.AdmissionUnavailable;
import dev.aifactory.gateway.admission.DeploymentAdmission;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Policy's {@code POST /api/v1/admissions/deployment}, called with the gateway's service token on
 * behalf of the endpoint's team. A deny is a 200 with {@code allowed=false}; any other status means
 * policy could not decide. Disabled ({@code aifactory.gateway.admission.enabled=false}) admits
 * everything without a call.
 */
@Component
class HttpDeploymentAdmission implements DeploymentAdmission {

  private final HttpClient client;
  private final ClientCredentialsTokens tokens;
  private final JsonMapper json;
  private final AdmissionProperties properties;

  HttpDeploymentAdmission(JsonMapper json, AdmissionProperties properties) {
    this.json = json;
    this.properties = properties;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(properties.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.tokens = new ClientCredentialsTokens(client, json, properties);
  }

  @Override
  public Verdict admit(String team, Request request) {
    if (!properties.enabled()) {
      return Verdict.admittedWithoutAsking();
    }
    HttpRequest.Builder post =
        HttpRequest.newBuilder(properties.policyUrl().resolve("/api/v1/admissions/deployment"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(request)));
    HttpResponse<String> response = send(team, post);
    if (response.statusCode() == 401) {
      tokens.forget();
      response = send(team, post);
    }
    if (response.statusCode() != 200) {
      throw new AdmissionUnavailable(
          "policy's deployment admission answered HTTP "
              + response.statusCode()
              + ": "
              + response.body(),
          null);
    }
    JsonNode body;
    try {
      body = json.readTree(response.body());
    } catch (RuntimeException e) {
      throw new AdmissionUnavailable("policy's admission answer is not JSON", e);
    }
    if (!body.path("allowed").isBoolean()) {
      throw new AdmissionUnavailable("policy's admission answer has no 'allowed' flag", null);
    }
    List<String> reasons = new ArrayList<>();
    body.path("reasons").forEach(r -> reasons.add(r.isString() ? r.asString() : r.toString()));
    return new Verdict(
        body.path("decisionId").asString(null),
        body.path("allowed").asBoolean(),
        body.path("outcome").asString(null),
        List.copyOf(reasons));
  }

  private HttpResponse<String> send(String team, HttpRequest.Builder request) {
    HttpRequest built =
        request
            .copy()
            .timeout(properties.timeout())
            .header("Authorization", "Bearer " + tokens.token())
            .header(Caller.ON_BEHALF_OF_HEADER, team)
            .header("Accept", "application/json, application/problem+json")
            .build();
    try {
      return client.send(built, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AdmissionUnavailable(
          "the admission call to policy at "
              + built.uri().getAuthority()
              + " failed: "
              + ClientCredentialsTokens.describe(e),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AdmissionUnavailable("the admission call to policy was interrupted", e);
    }
  }
}
