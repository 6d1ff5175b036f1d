package dev.aifactory.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A thin HTTP client for the factory's APIs: token handling, JSON, problem+json errors. Public so
 * that the CLI commands ({@code dev.aifactory.e2e.cli}) share it.
 */
public final class FactoryClient {

  /** A non-2xx answer, with the problem document the service returned. */
  static final class ApiError extends RuntimeException {
    final int status;
    final String body;

    ApiError(String what, int status, String body) {
      super(what + " answered " + status + ": " + body);
      this.status = status;
      this.body = body;
    }
  }

  public record Response(
      int status, JsonNode json, String body, java.net.http.HttpHeaders headers) {}

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final JsonMapper json = JsonMapper.builder().build();
  private final URI tokenUri;
  private final String clientId;
  private final String clientSecret;
  private String token;
  private long tokenExpiresAt;

  FactoryClient(URI policy, String clientId, String clientSecret) {
    this.tokenUri = policy.resolve("/oauth2/token");
    this.clientId = clientId;
    this.clientSecret = clientSecret;
  }

  JsonMapper json() {
    return json;
  }

  /** A client that authenticates as {@code clientId} with the client-credentials grant. */
  public static FactoryClient withClientCredentials(
      URI policy, String clientId, String clientSecret) {
    return new FactoryClient(policy, clientId, clientSecret);
  }

  /** Fetches a token now (or reuses a valid one); fails with the token endpoint's answer. */
  public String accessToken() {
    return token();
  }

  /** GET {@code path}, whatever the status: the caller decides what an error means. */
  public Response fetch(URI base, String path) {
    return sendRaw(authorized(base, path).GET().build());
  }

  /** POST a JSON body with extra headers (e.g. {@code Idempotency-Key}), whatever the status. */
  public Response postJson(URI base, String path, Object body, Map<String, String> headers) {
    HttpRequest.Builder request =
        authorized(base, path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
    headers.forEach(request::header);
    return sendRaw(request.build());
  }

  synchronized String token() {
    if (token == null || System.currentTimeMillis() > tokenExpiresAt - 60_000) {
      String basic =
          Base64.getEncoder()
              .encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
      HttpRequest request =
          HttpRequest.newBuilder(tokenUri)
              .header("Authorization", "Basic " + basic)
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
              .build();
      Response r = send("token request", request);
      token = r.json().path("access_token").asString();
      tokenExpiresAt = System.currentTimeMillis() + r.json().path("expires_in").asLong(300) * 1000;
    }
    return token;
  }

  JsonNode get(URI base, String path) {
    return send("GET " + path, authorized(base, path).GET().build()).json();
  }

  Response getRaw(URI base, String path) {
    return sendRaw(authorized(base, path).GET().build());
  }

  JsonNode postJson(URI base, String path, Object body) {
    return send(
            "POST " + path,
            authorized(base, path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                .build())
        .json();
  }

  Response postRaw(URI base, String path, String contentType, String accept, byte[] body) {
    return sendRaw(
        authorized(base, path)
            .header("Content-Type", contentType)
            .header("Accept", accept)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build());
  }

  /** Uploads a file as multipart/form-data part {@code file}. */
  /**
   * Creates a dataset bound to the model group of the same name with {@code autoTrain} on, so
   * registering a version starts the loop; returns its id. {@code extra} adds fields (tags, …).
   */
  public String createAutoTrainDataset(
      URI ingestion, String name, String target, String objective, Map<String, Object> extra) {
    Map<String, Object> body = new java.util.LinkedHashMap<>(extra);
    body.put("name", name);
    body.put(
        "training",
        Map.of("modelGroup", name, "target", target, "objective", objective, "autoTrain", true));
    String id = postJson(ingestion, "/api/v1/datasets", body).path("id").asString();
    grantTeamRead(ingestion, id);
    return id;
  }

  /**
   * Grants READ on a dataset to the caller's whole team ({@code team:<team>}): training reads data
   * only through a grant check, for runs the loop starts and for runs a team member starts.
   */
  public JsonNode grantTeamRead(URI ingestion, String datasetId) {
    return postJson(
        ingestion,
        "/api/v1/grants",
        Map.of(
            "principal", "team:" + team(), "permissions", List.of("READ"), "datasetId", datasetId));
  }

  /** The team claim of this client's access token. */
  public String team() {
    String[] parts = token().split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    return JsonMapper.builder().build().readTree(payload).path("team").asString();
  }

  /** Uploads a CSV as the dataset's next version; returns the version resource. */
  public JsonNode uploadVersion(URI ingestion, String datasetId, String fileName, byte[] csv) {
    return upload(ingestion, "/api/v1/datasets/" + datasetId + "/versions", fileName, csv);
  }

  JsonNode upload(URI base, String path, String fileName, byte[] content) {
    String boundary = "----aifactory" + UUID.randomUUID();
    String head =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
            + fileName
            + "\"\r\nContent-Type: text/csv\r\n\r\n";
    String tail = "\r\n--" + boundary + "--\r\n";
    byte[] body =
        concat(
            head.getBytes(StandardCharsets.UTF_8), content, tail.getBytes(StandardCharsets.UTF_8));
    return send(
            "POST " + path,
            authorized(base, path)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build())
        .json();
  }

  static String query(Map<String, String> params) {
    StringBuilder b = new StringBuilder();
    params.forEach(
        (k, v) ->
            b.append(b.isEmpty() ? "?" : "&")
                .append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return b.toString();
  }

  private HttpRequest.Builder authorized(URI base, String path) {
    return HttpRequest.newBuilder(base.resolve(path))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + token());
  }

  private Response send(String what, HttpRequest request) {
    Response r = sendRaw(request);
    if (r.status() / 100 != 2) {
      throw new ApiError(what, r.status(), r.body());
    }
    return r;
  }

  private Response sendRaw(HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode node = null;
      String contentType = response.headers().firstValue("Content-Type").orElse("");
      if (contentType.contains("json") && !response.body().isBlank()) {
        node = json.readTree(response.body());
      }
      return new Response(response.statusCode(), node, response.body(), response.headers());
    } catch (IOException e) {
      throw new IllegalStateException(
          "Cannot reach "
              + request.uri()
              + " ("
              + e.getMessage()
              + "); is the service up? Try ./factory status",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) n += p.length;
    byte[] out = new byte[n];
    int i = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, i, p.length);
      i += p.length;
    }
    return out;
  }
}
