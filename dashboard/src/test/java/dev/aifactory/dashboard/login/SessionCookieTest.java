package dev.aifactory.dashboard.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The session cookie has its own name: policy-service's login page runs on the same host (another
 * port), and browsers keep one cookie per host and name, so a shared {@code JSESSIONID} would lose
 * the dashboard's session (and the saved authorization request) during the sign-in round trip.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "aifactory.dashboard.policy-url=http://127.0.0.1:1")
class SessionCookieTest {

  @LocalServerPort int port;

  @Test
  void theSessionCookieDoesNotShareItsNameWithPolicysSession() throws Exception {
    HttpResponse<String> page =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login")).build(),
                HttpResponse.BodyHandlers.ofString());
    List<String> cookies = page.headers().allValues("Set-Cookie");
    assertThat(cookies)
        .anySatisfy(
            c ->
                assertThat(c)
                    .startsWith("AIFACTORY_DASHBOARD_SESSION=")
                    .contains("HttpOnly")
                    .contains("SameSite=Lax"));
    assertThat(cookies).noneMatch(c -> c.startsWith("JSESSIONID="));
  }
}
