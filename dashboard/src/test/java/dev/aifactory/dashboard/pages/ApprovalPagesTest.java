package dev.aifactory.dashboard.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.aifactory.dashboard.login.DashboardUser;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The approvals page against a stand-in policy-service (the JDK's HTTP server answering with the
 * real API's shapes): the evidence, the buttons only for approvers, and policy's refusals in words.
 */
@SpringBootTest
@AutoConfigureMockMvc
class ApprovalPagesTest {

  static final String PENDING_ID = "6f1c0a52-6d3e-4a57-9d43-2b7f0c1e9a01";
  static final String RESOLVED_ID = "0b8e4f3a-1c2d-4e5f-8a9b-c0d1e2f3a4b5";
  static final String RUN_ID = "9d7c2f4e-5b6a-4c3d-8e1f-0a2b3c4d5e6f";

  static final String PENDING =
      """
      {"id":"%s","team":"demo","modelGroup":"churn","version":3,"status":"pending",
       "resolution":null,"requiredRole":"approver","quorum":2,"approvals":1,
       "votes":[{"voter":"alice","verdict":"approve","comment":"fine by me","at":"2026-01-02T10:05:00Z"}],
       "requestedBy":"policy",
       "evidence":{"metrics":{"auc":0.91,"accuracy":0.85},"championVersion":2,
         "championMetrics":{"auc":0.88,"accuracy":0.86},
         "modelVersion":"/api/v1/model-groups/churn/versions/3","run":"/api/v1/training-runs/%s",
         "artifactUri":"file:///m/3","dataset":"ds-1 v4","trigger":"data"},
       "reasons":["promotion-strict v1: allowed"],"decisionId":"1a2b3c4d-0000-4000-8000-000000000000",
       "policy":"promotion-strict","policyVersion":1,"createdAt":"2026-01-02T10:00:00Z",
       "expiresAt":"2026-01-03T10:00:00Z","resolvedAt":null}
      """
          .formatted(PENDING_ID, RUN_ID);

  static final String RESOLVED =
      """
      {"id":"%s","team":"demo","modelGroup":"churn","version":2,"status":"approved",
       "resolution":"approved by bob","requiredRole":"approver","quorum":1,"approvals":1,
       "votes":[{"voter":"bob","verdict":"approve","comment":"ship it","at":"2026-01-01T09:00:00Z"}],
       "requestedBy":"policy","evidence":{"metrics":{"auc":0.88},"championVersion":null,
         "championMetrics":null,"modelVersion":"/api/v1/model-groups/churn/versions/2","run":null},
       "reasons":[],"decisionId":"1a2b3c4d-0000-4000-8000-000000000001",
       "policy":"promotion-strict","policyVersion":1,"createdAt":"2026-01-01T08:00:00Z",
       "expiresAt":"2026-01-02T08:00:00Z","resolvedAt":"2026-01-01T09:00:00Z"}
      """
          .formatted(RESOLVED_ID);

  static final List<String> calls = new CopyOnWriteArrayList<>();
  static final HttpServer policy = start();

  static HttpServer start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/api/v1/approvals", ApprovalPagesTest::answer);
      server.start();
      return server;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static void answer(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String query = exchange.getRequestURI().getQuery();
    calls.add(exchange.getRequestMethod() + " " + path);
    int status = 200;
    String type = "application/json";
    String body;
    if (path.endsWith("/approve")) {
      status = 403;
      type = "application/problem+json";
      body =
          "{\"title\":\"Forbidden\",\"status\":403,\"detail\":\"Separation of duties: someone"
              + " requested the training of this version and may not approve it\"}";
    } else if (path.endsWith("/reject")) {
      status = 409;
      type = "application/problem+json";
      body =
          "{\"title\":\"Conflict\",\"status\":409,\"detail\":\"The request expired at"
              + " 2026-01-03T10:00:00Z\"}";
    } else if (path.endsWith(PENDING_ID)) {
      body = PENDING;
    } else if (query != null && query.contains("status=pending")) {
      body = "{\"items\":[" + PENDING + "],\"page\":0,\"size\":100,\"total\":1}";
    } else {
      body = "{\"items\":[" + PENDING + "," + RESOLVED + "],\"page\":0,\"size\":100,\"total\":2}";
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (var out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @DynamicPropertySource
  static void services(DynamicPropertyRegistry registry) {
    registry.add(
        "aifactory.dashboard.policy-url",
        () -> "http://127.0.0.1:" + policy.getAddress().getPort());
    for (String other : List.of("ingestion", "training", "gateway", "monitoring")) {
      registry.add("aifactory.dashboard." + other + "-url", () -> "http://127.0.0.1:1");
    }
  }

  @AfterAll
  static void stop() {
    policy.stop(0);
  }

  @Autowired MockMvc mvc;

  @BeforeEach
  void forget() {
    calls.clear();
  }

  @Test
  void showsThePendingRequestWithItsEvidenceAndTheButtonsToAnApprover() throws Exception {
    String page = page("/approvals", "approver");
    assertThat(page)
        .contains("churn")
        .contains("v3")
        .contains("approver")
        .contains("1 of 2 approvals")
        .contains("2026-01-03 10:00:00 UTC")
        .contains("candidate v3")
        .contains("champion v2")
        .contains("0.9100")
        .contains("0.8800")
        .contains("/training-runs/" + RUN_ID)
        .contains("alice: approve")
        .contains("fine by me")
        .contains("id=\"approve-" + PENDING_ID + "\"")
        .contains("id=\"reject-" + PENDING_ID + "\"")
        .contains("name=\"_csrf\"")
        .contains("name=\"comment\"");
    // resolved requests below, with who decided
    assertThat(page).contains("resolved-approvals").contains("approved by bob").contains("ship it");
  }

  @Test
  void aViewerSeesTheRequestButNoButtons() throws Exception {
    String page = page("/approvals", "viewer");
    assertThat(page)
        .contains("1 of 2 approvals")
        .doesNotContain("id=\"approve-")
        .doesNotContain("id=\"reject-")
        .contains("needs the approver or admin role");
    assertThat(page("/approvals/" + PENDING_ID, "viewer"))
        .contains("Approval of churn v3")
        .doesNotContain("id=\"approve-");
  }

  @Test
  void policysRefusalsAreShownInWords() throws Exception {
    mvc.perform(
            post("/approvals/" + PENDING_ID + "/approve")
                .param("comment", "mine")
                .with(csrf())
                .with(authentication(as("approver"))))
        .andExpect(redirectedUrl("/approvals"))
        .andExpect(
            flash()
                .attribute(
                    "error",
                    Matchers.allOf(
                        Matchers.containsString("separation of duties"),
                        Matchers.containsString("policy-service answered 403"),
                        Matchers.containsString("may not approve it"))));
    mvc.perform(
            post("/approvals/" + PENDING_ID + "/reject")
                .param("comment", "late")
                .with(csrf())
                .with(authentication(as("admin"))))
        .andExpect(redirectedUrl("/approvals"))
        .andExpect(
            flash()
                .attribute(
                    "error",
                    Matchers.allOf(
                        Matchers.containsString("can no longer take your vote"),
                        Matchers.containsString("expired"))));
    assertThat(calls)
        .containsExactly(
            "POST /api/v1/approvals/" + PENDING_ID + "/approve",
            "POST /api/v1/approvals/" + PENDING_ID + "/reject");
  }

  @Test
  void aViewersVoteNeverReachesPolicy() throws Exception {
    mvc.perform(
            post("/approvals/" + PENDING_ID + "/approve")
                .param("comment", "forged")
                .with(csrf())
                .with(authentication(as("viewer"))))
        .andExpect(status().isForbidden());
    assertThat(calls).isEmpty();
  }

  private String page(String path, String role) throws Exception {
    return mvc.perform(get(path).with(authentication(as(role))))
        .andExpect(status().isOk())
        .andReturn()
        .getResponse()
        .getContentAsString();
  }

  private static Authentication as(String role) {
    DashboardUser user =
        new DashboardUser(
            "someone", "demo", List.of(role), "token", Instant.now().plusSeconds(600));
    return UsernamePasswordAuthenticationToken.authenticated(
        user, null, List.of(new SimpleGrantedAuthority("ROLE_" + role)));
  }
}
