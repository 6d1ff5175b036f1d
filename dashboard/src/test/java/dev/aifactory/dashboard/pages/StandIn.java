package dev.aifactory.dashboard.pages;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.aifactory.dashboard.login.DashboardUser;
import java.time.Instant;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;

/**
 * One WireMock server standing in for all five services (their routes do not overlap), answering
 * with the real APIs' shapes, so page tests see exactly which calls the dashboard makes.
 */
final class StandIn {

  private StandIn() {}

  /**
   * One server for every page test class: the same URLs give the same Spring context, which the
   * test framework then reuses instead of starting one per class. Stopped when the JVM exits.
   */
  private static final WireMockServer SERVER = startServer();

  private static WireMockServer startServer() {
    WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    server.start();
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
    return server;
  }

  static WireMockServer start() {
    return SERVER;
  }

  static void services(
      org.springframework.test.context.DynamicPropertyRegistry registry, WireMockServer server) {
    for (String service : List.of("policy", "ingestion", "training", "gateway", "monitoring")) {
      registry.add(
          "aifactory.dashboard." + service + "-url", () -> "http://127.0.0.1:" + server.port());
    }
    // small, so the upload tests can show the limit with a small file
    registry.add("aifactory.dashboard.max-upload-size", () -> "1KB");
  }

  static Authentication as(String... roles) {
    DashboardUser user =
        new DashboardUser(
            "someone", "demo", List.of(roles), "user-token", Instant.now().plusSeconds(600));
    return UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities());
  }

  static final String EMPTY_PAGE = "{\"items\":[],\"page\":0,\"size\":20,\"total\":0}";

  static String problem(int status, String title, String detail) {
    return """
        {"type":"about:blank","title":"%s","status":%d,"detail":"%s"}
        """
        .formatted(title, status, detail);
  }
}
