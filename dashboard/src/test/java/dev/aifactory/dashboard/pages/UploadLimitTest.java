package dev.aifactory.dashboard.pages;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.io.ByteArrayOutputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A file over the size limit, through the real servlet container (which refuses it before any
 * controller runs): the page says so in words, and ingestion never sees it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UploadLimitTest {

  static final WireMockServer services = startServices();
  static final String DS = "0f0e0d0c-0b0a-4090-8070-605040302012";

  private static WireMockServer startServices() {
    WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    server.start();
    return server;
  }

  @AfterAll
  static void stop() {
    services.stop();
  }

  @DynamicPropertySource
  static void urls(DynamicPropertyRegistry registry) {
    StandIn.services(registry, services);
  }

  @LocalServerPort int port;

  @Test
  void aFileOverTheLimitIsRefusedInWordsAndNeverReachesIngestion() throws Exception {
    String payload =
        "{\"sub\":\"etl\",\"team\":\"demo\",\"roles\":[\"data-engineer\"],\"exp\":"
            + (System.currentTimeMillis() / 1000 + 600)
            + "}";
    String jwt =
        "eyJhbGciOiJub25lIn0."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8))
            + ".sig";
    services.stubFor(
        post(urlPathEqualTo("/oauth2/token"))
            .willReturn(okJson("{\"access_token\":\"" + jwt + "\",\"token_type\":\"Bearer\"}")));
    services.stubFor(
        get(urlPathEqualTo("/api/v1/datasets/" + DS))
            .willReturn(
                okJson(
                    "{\"id\":\""
                        + DS
                        + "\",\"name\":\"customers\",\"tags\":[],\"createdBy\":\"etl\","
                        + "\"createdAt\":\"2026-01-01T00:00:00Z\"}")));
    services.stubFor(
        get(urlPathEqualTo("/api/v1/datasets/" + DS + "/versions"))
            .willReturn(okJson(StandIn.EMPTY_PAGE)));
    HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    String login = browser.send(request("/login").build(), ofString()).body();
    String form =
        "clientId=etl&clientSecret=s&_csrf="
            + URLEncoder.encode(
                find(login, "name=\"_csrf\" value=\"([^\"]+)\""), StandardCharsets.UTF_8);
    browser.send(
        request("/login")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        ofString());
    String page = browser.send(request("/datasets/" + DS).build(), ofString()).body();
    String csrf = find(page, "name=\"_csrf\" value=\"([^\"]+)\"");

    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(
        ("--b\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n"
                + csrf
                + "\r\n--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.write(new byte[4096]);
    body.write("\r\n--b--\r\n".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> refused =
        browser.send(
            request("/datasets/" + DS + "/versions")
                .header("Accept", "text/html")
                .header("Content-Type", "multipart/form-data; boundary=b")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build(),
            ofString());

    assertThat(refused.statusCode()).isEqualTo(413);
    assertThat(refused.body())
        .contains("File too large")
        .contains("id=\"too-large\"")
        .contains("the file is larger than the 1KB the dashboard accepts");
    services.verify(0, postRequestedFor(urlPathEqualTo("/api/v1/datasets/" + DS + "/versions")));
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
  }

  private static HttpResponse.BodyHandler<String> ofString() {
    return HttpResponse.BodyHandlers.ofString();
  }

  private static String find(String html, String regex) {
    Matcher m = Pattern.compile(regex).matcher(html);
    assertThat(m.find()).as("%s in the page", regex).isTrue();
    return m.group(1);
  }
}
