package dev.aifactory.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * One server under test: where to POST, with which headers, over which HTTP client. Both targets of
 * a comparison get byte-identical bodies and the same headers over the same kind of client, so the
 * client does the same work for each.
 */
record Target(String name, URI uri, String authorization, Transport transport) {

  /** Sends one POST and reads the whole answer. */
  interface Transport {
    Reply post(URI uri, String authorization, byte[] body) throws IOException, InterruptedException;
  }

  /** An answer: status, body, and the first value of each header (names in any case). */
  record Reply(int statusCode, String body, Map<String, String> headers) {
    Optional<String> header(String name) {
      return Optional.ofNullable(headers.get(name));
    }
  }

  /** Over the JDK's {@code java.net.http.HttpClient} (HTTP/1.1, keep-alive). */
  static Target of(String name, String uri, String authorization) {
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    return new Target(
        name,
        URI.create(uri),
        authorization,
        (to, auth, body) -> {
          HttpResponse<String> response =
              client.send(
                  HttpRequest.newBuilder(to)
                      .timeout(Duration.ofSeconds(30))
                      .header("Content-Type", "application/json")
                      .header("Accept", "application/json")
                      .header("Authorization", auth)
                      .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
          response.headers().map().forEach((k, v) -> headers.put(k, v.get(0)));
          return new Reply(response.statusCode(), response.body(), headers);
        });
  }

  /**
   * Over Apache HttpClient 5's classic (blocking) client with a connection pool: the request is
   * written and the answer read on the calling thread. The JDK client hands every exchange to its
   * selector thread and back, which cost the load generator ~0.4 ms of CPU per request in the
   * open-loop phase, as much as the gateway itself, on the same two cores.
   */
  static Target pooled(String name, String uri, String authorization) {
    CloseableHttpClient client =
        HttpClients.custom()
            .setConnectionManager(
                PoolingHttpClientConnectionManagerBuilder.create()
                    .setMaxConnTotal(512)
                    .setMaxConnPerRoute(512)
                    .build())
            .disableAutomaticRetries()
            .disableCookieManagement()
            .disableRedirectHandling()
            .disableContentCompression()
            .build();
    return new Target(
        name,
        URI.create(uri),
        authorization,
        (to, auth, body) -> {
          HttpPost post = new HttpPost(to);
          post.setHeader("Accept", "application/json");
          post.setHeader("Authorization", auth);
          post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
          return client.execute(
              post,
              response -> {
                Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                for (Header header : response.getHeaders()) {
                  headers.putIfAbsent(header.getName(), header.getValue());
                }
                String text =
                    response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity());
                return new Reply(response.getCode(), text, headers);
              });
        });
  }

  /** Sends the body; returns the answer, or throws on transport failure. */
  Reply send(byte[] body) throws IOException, InterruptedException {
    return transport.post(uri, authorization, body);
  }

  /** The gateway's own account of its overhead, when it sends one. */
  static Optional<Double> reportedOverheadMillis(Reply response) {
    return response.header("X-Gateway-Overhead-Ms").map(Double::parseDouble);
  }
}
