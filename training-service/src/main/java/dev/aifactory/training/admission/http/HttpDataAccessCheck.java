package dev.aifactory.training.admission.http;

import dev.aifactory.training.admission.AdmissionProperties;
import dev.aifactory.training.admission.AdmissionUnavailable;
import dev.aifactory.training.admission.DataAccessCheck;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ingestion's access check ({@code GET /api/v1/datasets/{id}/versions/{v}/access}): 200 grants, 403
 * names the missing grant, 404 means ingestion does not know the version; anything else is
 * ingestion being unavailable.
 */
@Component
class HttpDataAccessCheck implements DataAccessCheck {

  private final AdmissionHttp http;
  private final ClientCredentialsTokens tokens;
  private final JsonMapper json;
  private final AdmissionProperties properties;

  HttpDataAccessCheck(
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
  public Access readable(String team, String datasetId, int version, String principal) {
    URI uri =
        properties
            .ingestionUrl()
            .resolve(
                "/api/v1/datasets/"
                    + encode(datasetId)
                    + "/versions/"
                    + version
                    + "/access?principal="
                    + encode(principal)
                    + "&permission=READ");
    HttpResponse<String> response =
        http.send(tokens, team, HttpRequest.newBuilder(uri).GET(), "the grant check at ingestion");
    int status = response.statusCode();
    if (status == 200) {
      return Access.allowed();
    }
    if (status == 403) {
      return Access.denied(
          detail(response, "'" + principal + "' has no READ grant on dataset " + datasetId));
    }
    if (status == 404) {
      return Access.denied(
          "ingestion does not know dataset " + datasetId + " version " + version + " for " + team);
    }
    throw new AdmissionUnavailable(
        "the grant check at ingestion answered HTTP " + status + ": " + detail(response, ""), null);
  }

  private String detail(HttpResponse<String> response, String fallback) {
    try {
      String detail = json.readTree(response.body()).path("detail").asString("");
      return detail.isBlank() ? fallback : detail;
    } catch (RuntimeException notJson) {
      return fallback;
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
