package dev.aifactory.dashboard.services;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * One service's API as the signed-in user: every request carries the user's bearer token, so the
 * dashboard never shows more than the user may see. Error answers become {@link ApiFailure}s.
 */
final class ServiceClient {

  private final String name;
  private final URI base;
  private final RestClient http;
  private final RestClient uploads;
  private final ProblemMessages problems;

  ServiceClient(String name, URI base, RestClient http, ProblemMessages problems) {
    this(name, base, http, http, problems);
  }

  /** {@code uploads} waits longer: sending a large file takes longer than a page's calls. */
  ServiceClient(
      String name, URI base, RestClient http, RestClient uploads, ProblemMessages problems) {
    this.name = name;
    this.base = base;
    this.http = http;
    this.uploads = uploads;
    this.problems = problems;
  }

  <T> T get(String token, Class<T> type, String path, Object... variables) {
    return call(
        () ->
            http.get()
                .uri(base + path, variables)
                .headers(h -> h.setBearerAuth(token))
                .accept(MediaType.APPLICATION_JSON)
                .retrieve()
                .onStatus(HttpStatusCode::isError, this::fail)
                .body(type));
  }

  <T> T get(String token, ParameterizedTypeReference<T> type, String path, Object... variables) {
    return call(
        () ->
            http.get()
                .uri(base + path, variables)
                .headers(h -> h.setBearerAuth(token))
                .accept(MediaType.APPLICATION_JSON)
                .retrieve()
                .onStatus(HttpStatusCode::isError, this::fail)
                .body(type));
  }

  /** A text answer (JSON or plain text), for routes whose shape the dashboard reads loosely. */
  String getText(String token, String path, Object... variables) {
    return call(
        () ->
            http.get()
                .uri(base + path, variables)
                .headers(h -> h.setBearerAuth(token))
                .accept(MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN)
                .retrieve()
                .onStatus(HttpStatusCode::isError, this::fail)
                .body(String.class));
  }

  /** A POST with extra request headers (e.g. {@code Idempotency-Key}). */
  <T> T post(
      String token,
      java.util.Map<String, String> headers,
      Object body,
      Class<T> type,
      String path,
      Object... variables) {
    return call(
        () ->
            http.post()
                .uri(base + path, variables)
                .headers(
                    h -> {
                      h.setBearerAuth(token);
                      headers.forEach(h::set);
                    })
                .contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.APPLICATION_JSON)
                .body(body)
                .retrieve()
                .onStatus(HttpStatusCode::isError, this::fail)
                .body(type));
  }

  <T> T put(String token, Object body, Class<T> type, String path, Object... variables) {
    return send(HttpMethod.PUT, token, body, type, path, variables);
  }

  <T> T post(String token, Object body, Class<T> type, String path, Object... variables) {
    return send(HttpMethod.POST, token, body, type, path, variables);
  }

  private <T> T send(
      HttpMethod method,
      String token,
      Object body,
      Class<T> type,
      String path,
      Object... variables) {
    return call(
        () ->
            http.method(method)
                .uri(base + path, variables)
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.APPLICATION_JSON)
                .body(body)
                .retrieve()
                .onStatus(HttpStatusCode::isError, this::fail)
                .body(type));
  }

  /**
   * A multipart/form-data POST; a {@link org.springframework.core.io.Resource} part is copied from
   * its stream to the service as it is read, never held in memory whole.
   */
  <T> T postMultipart(
      String token,
      org.springframework.util.MultiValueMap<String, ?> parts,
      Class<T> type,
      String path,
      Object... variables) {
    return call(
        () ->
            uploads
                .post()
                .uri(base + path, variables)
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .accept(MediaType.APPLICATION_JSON)
                .body(parts)
                .retrieve()
                .onStatus(HttpStatusCode::isError, this::fail)
                .body(type));
  }

  private void fail(
      org.springframework.http.HttpRequest request,
      org.springframework.http.client.ClientHttpResponse response)
      throws java.io.IOException {
    String body = new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8);
    int status = response.getStatusCode().value();
    throw new ApiFailure(
        name,
        status,
        problems.describe(name, status, response.getStatusText(), body),
        problems.fields(body));
  }

  private <T> T call(Supplier<T> request) {
    try {
      return request.get();
    } catch (ApiFailure e) {
      throw e;
    } catch (ResourceAccessException e) {
      throw new ApiFailure(
          name, 0, name + " at " + base + " could not be reached (is it running?)");
    } catch (RestClientException e) {
      throw new ApiFailure(
          name, 0, name + " gave an answer the dashboard could not read: " + e.getMessage());
    }
  }
}
