package dev.aifactory.training.admission.http;

import dev.aifactory.common.security.Caller;
import dev.aifactory.training.admission.AdmissionProperties;
import dev.aifactory.training.admission.AdmissionUnavailable;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.springframework.stereotype.Component;

/**
 * The HTTP client both admission calls share: bounded connect and request timeouts, the service
 * token and the on-behalf-of header; a 401 renews the token once.
 */
@Component
class AdmissionHttp {

  private final HttpClient client;
  private final AdmissionProperties properties;

  AdmissionHttp(AdmissionProperties properties) {
    this.properties = properties;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(properties.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  HttpClient client() {
    return client;
  }

  /** Sends {@code request} (without auth) as the service acting for {@code team}. */
  HttpResponse<String> send(
      ClientCredentialsTokens tokens, String team, HttpRequest.Builder request, String what) {
    HttpResponse<String> response = sendOnce(tokens, team, request, what);
    if (response.statusCode() == 401) {
      tokens.forget();
      response = sendOnce(tokens, team, request, what);
    }
    return response;
  }

  private HttpResponse<String> sendOnce(
      ClientCredentialsTokens tokens, String team, HttpRequest.Builder request, String what) {
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
          what + " failed: " + at(built.uri()) + ClientCredentialsTokens.describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AdmissionUnavailable(what + " was interrupted", e);
    }
  }

  private static String at(URI uri) {
    return uri.getScheme() + "://" + uri.getAuthority() + " did not answer: ";
  }
}
