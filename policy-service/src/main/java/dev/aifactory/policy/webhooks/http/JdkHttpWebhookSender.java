package dev.aifactory.policy.webhooks.http;

import dev.aifactory.policy.webhooks.WebhookProperties;
import dev.aifactory.policy.webhooks.WebhookSender;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Sends webhooks with the JDK's HTTP client; redirects are not followed (the URL is the contract).
 */
@Component
class JdkHttpWebhookSender implements WebhookSender {

  private final HttpClient client;
  private final WebhookProperties properties;

  JdkHttpWebhookSender(WebhookProperties properties) {
    this.properties = properties;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(properties.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public Response post(String url, Map<String, String> headers, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(properties.timeout())
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    headers.forEach(request::header);
    try {
      HttpResponse<Void> response =
          client.send(request.build(), HttpResponse.BodyHandlers.discarding());
      return new Response(
          response.statusCode(),
          response.statusCode() / 100 == 2 ? null : "HTTP " + response.statusCode());
    } catch (IOException e) {
      return new Response(null, e.getClass().getSimpleName() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Response(null, "interrupted");
    }
  }
}
