package dev.aifactory.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * One server under test: where to POST and with which headers. Both targets get byte-identical
 * bodies and the same headers, so the client does the same work for each.
 */
record Target(String name, URI uri, String authorization, HttpClient client) {

  static Target of(String name, String uri, String authorization) {
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    return new Target(name, URI.create(uri), authorization, client);
  }

  /** Sends the body; returns the response, or throws on transport failure. */
  HttpResponse<String> send(byte[] body) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .header("Authorization", authorization)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** The gateway's own account of its overhead, when it sends one. */
  static Optional<Double> reportedOverheadMillis(HttpResponse<?> response) {
    return response.headers().firstValue("X-Gateway-Overhead-Ms").map(Double::parseDouble);
  }
}
