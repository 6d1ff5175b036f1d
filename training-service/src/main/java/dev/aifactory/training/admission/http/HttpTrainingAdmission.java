package dev.aifactory.training.admission.http;

import dev.aifactory.training.admission.AdmissionProperties;
import dev.aifactory.training.admission.AdmissionUnavailable;
import dev.aifactory.training.admission.TrainingAdmission;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Policy's {@code POST /api/v1/admissions/training}. A deny is a 200 with {@code allowed=false};
 * any other status means policy could not decide, and the run waits.
 */
@Component
class HttpTrainingAdmission implements TrainingAdmission {

  private final AdmissionHttp http;
  private final ClientCredentialsTokens tokens;
  private final JsonMapper json;
  private final AdmissionProperties properties;

  HttpTrainingAdmission(
      AdmissionHttp http,
      ClientCredentialsTokens tokens,
      JsonMapper json,
      AdmissionProperties properties) {
    this.http = http;
    this.tokens = tokens;
    this.json = json;
    this.properties = properties;
  }

  @Override
  public Verdict admit(String team, Request request) {
    HttpRequest.Builder post =
        HttpRequest.newBuilder(properties.policyUrl().resolve("/api/v1/admissions/training"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(request)));
    HttpResponse<String> response = http.send(tokens, team, post, "the admission call to policy");
    if (response.statusCode() != 200) {
      throw new AdmissionUnavailable(
          "policy's admission answered HTTP " + response.statusCode() + ": " + response.body(),
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
}
