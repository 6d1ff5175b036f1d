package dev.aifactory.gateway.security.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aifactory.common.security.ProblemSecurityHandlers;
import dev.aifactory.common.testing.TestJwts;
import dev.aifactory.gateway.security.CachingJwtAuthentication;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class DataPlaneAuthenticationFilterTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String INVOCATIONS = "/endpoints/churn/invocations";

  /** Requests the stand-in for the SigV4 filter was handed. */
  private final List<ServletRequest> signed = new ArrayList<>();

  private final DataPlaneAuthenticationFilter filter =
      new DataPlaneAuthenticationFilter(
          (request, response, chain) -> signed.add(request),
          new HeaderBearerTokenResolver(),
          new CachingJwtAuthentication(
              NimbusJwtDecoder.withPublicKey(TestJwts.publicKey()).build()),
          ProblemSecurityHandlers.entryPoint(JSON));

  @AfterEach
  void noContextLeftOnTheThread() {
    assertThat(SecurityContextHolder.getContext().getAuthentication()).isNull();
  }

  @Test
  void matchesExactlyThePathsThePathPatternsOfTheResourceServerChainMatched() {
    RequestMatcher patterns =
        new OrRequestMatcher(
            PathPatternRequestMatcher.withDefaults().matcher("/endpoints/*/invocations"),
            PathPatternRequestMatcher.withDefaults().matcher("/v2"),
            PathPatternRequestMatcher.withDefaults().matcher("/v2/**"));
    RequestMatcher health = PathPatternRequestMatcher.withDefaults().matcher("/v2/health/**");
    List<String> paths =
        List.of(
            "/",
            "/endpoints",
            "/endpoints/",
            "/endpoints/churn",
            INVOCATIONS,
            "/endpoints/churn/invocations/",
            "/endpoints/churn/invocationsx",
            "/endpoints/churn/x/invocations",
            "/endpoints/invocations",
            "/endpoints/a%20b/invocations",
            "/endpointsx/churn/invocations",
            "/api/v1/endpoints/churn/invocations",
            "/v2",
            "/v2/",
            "/v2x",
            "/v20/models",
            "/v2/models/churn",
            "/v2/models/churn/infer",
            "/v2/models/churn/versions/3/infer",
            "/v2/health",
            "/v2/health/",
            "/v2/health/live",
            "/v2/health/ready",
            "/v2/healthz",
            "/v2/healthy/live",
            "/api/v1/endpoints",
            "/actuator/health",
            "/v3/api-docs");
    for (String path : paths) {
      MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
      assertThat(DataPlaneAuthenticationFilter.DATA_PLANE.matches(request))
          .as("data plane: %s", path)
          .isEqualTo(patterns.matches(request));
      assertThat(DataPlaneAuthenticationFilter.isHealthPath(path))
          .as("health: %s", path)
          .isEqualTo(health.matches(request));
    }
  }

  @Test
  void matchesWithinTheApplicationWhenItHasAContextPath() {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/gw" + INVOCATIONS);
    request.setContextPath("/gw");
    assertThat(DataPlaneAuthenticationFilter.DATA_PLANE.matches(request)).isTrue();
  }

  @Test
  void runsTheRestOfTheChainAsTheTokensCallerAndClearsTheContextAfterwards() throws Exception {
    AtomicReference<Authentication> during = new AtomicReference<>();
    MockHttpServletResponse response =
        run(
            invocation(TestJwts.bearer("vic", "growth", "viewer")),
            (request, r) -> during.set(SecurityContextHolder.getContext().getAuthentication()));

    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(during.get()).isInstanceOf(JwtAuthenticationToken.class);
    JwtAuthenticationToken caller = (JwtAuthenticationToken) during.get();
    assertThat(caller.getName()).isEqualTo("vic");
    assertThat(caller.getToken().getClaimAsString("team")).isEqualTo("growth");
    assertThat(caller.getAuthorities()).extracting(Object::toString).contains("ROLE_viewer");
  }

  @Test
  void clearsTheContextWhenTheRestOfTheChainThrows() {
    MockHttpServletRequest request = invocation(TestJwts.bearer("vic", "growth", "viewer"));
    assertThatThrownBy(
            () ->
                run(
                    request,
                    (req, res) -> {
                      throw new IllegalStateException("model failed");
                    }))
        .hasMessage("model failed");
    // noContextLeftOnTheThread checks the rest
  }

  @Test
  void answersARequestWithoutATokenWithTheProblem401AndRunsNothingDownstream() throws Exception {
    MockHttpServletResponse response = refused(invocation(null));

    JsonNode problem = JSON.readTree(response.getContentAsByteArray());
    assertThat(problem.get("status").asInt()).isEqualTo(401);
    assertThat(problem.get("detail").asString()).contains("A bearer token is required");
  }

  @Test
  void refusesExpiredTokens() throws Exception {
    JsonNode problem =
        JSON.readTree(
            refused(invocation("Bearer " + TestJwts.expiredToken("vic", "growth", "viewer")))
                .getContentAsByteArray());
    assertThat(problem.get("detail").asString()).contains("invalid or expired");
  }

  @Test
  void refusesATokenWhoseSignatureDoesNotMatch() throws Exception {
    String token = TestJwts.token("vic", "growth", "viewer");
    // The same header and claims, the signature of another token: what a forger can do.
    String other = TestJwts.token("olga", "payments", "admin");
    String forged =
        token.substring(0, token.lastIndexOf('.')) + other.substring(other.lastIndexOf('.'));
    refused(invocation("Bearer " + forged));
  }

  @Test
  void refusesMalformedAndNonBearerAuthorizationHeaders() throws Exception {
    for (String header :
        List.of("Bearer", "Bearer ", "Bearer a b", "Bearer @@@", "Basic dmljOnNlY3JldA==", "x")) {
      refused(invocation(header));
    }
  }

  @Test
  void refusesAGetWithoutATokenOnTheOipMetadataRoutes() throws Exception {
    refused(new MockHttpServletRequest("GET", "/v2/models/churn"));
    refused(new MockHttpServletRequest("GET", "/v2"));
  }

  @Test
  void letsHealthRequestsThroughWithoutLookingAtCredentials() throws Exception {
    for (String header : new String[] {null, "Bearer not-a-jwt"}) {
      MockHttpServletRequest request = new MockHttpServletRequest("GET", "/v2/health/ready");
      if (header != null) {
        request.addHeader("Authorization", header);
      }
      AtomicReference<Authentication> during = new AtomicReference<>();
      MockHttpServletResponse response =
          run(
              request,
              (req, res) -> during.set(SecurityContextHolder.getContext().getAuthentication()));
      assertThat(response.getStatus()).isEqualTo(200);
      assertThat(during.get()).isNull();
    }
  }

  @Test
  void handsSigV4SignedRequestsToTheSigV4FilterAndTakesNoBearerPath() throws Exception {
    MockHttpServletRequest request =
        invocation(
            "AWS4-HMAC-SHA256 Credential=growth-signer/20261128/us-east-1/sagemaker/aws4_request,"
                + " SignedHeaders=host;x-amz-date, Signature=00");
    MockHttpServletResponse response = new MockHttpServletResponse();
    filter.doFilter(
        request,
        response,
        (req, res) -> {
          throw new AssertionError("the SigV4 filter decides whether the chain runs");
        });

    assertThat(signed).containsExactly(request);
    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(response.getHeader("WWW-Authenticate")).isNull();
  }

  private static MockHttpServletRequest invocation(String authorization) {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", INVOCATIONS);
    request.setContentType("application/json");
    request.setContent("{\"instances\": [[1, 2]]}".getBytes());
    if (authorization != null) {
      request.addHeader("Authorization", authorization);
    }
    return request;
  }

  private MockHttpServletResponse run(MockHttpServletRequest request, FilterChain chain)
      throws Exception {
    MockHttpServletResponse response = new MockHttpServletResponse();
    filter.doFilter(request, response, chain);
    return response;
  }

  /** Runs the request, expecting the 401 problem and nothing downstream. */
  private MockHttpServletResponse refused(MockHttpServletRequest request) throws Exception {
    MockHttpServletResponse response =
        run(
            request,
            (req, res) -> {
              throw new AssertionError("ran downstream of a refused request");
            });
    assertThat(response.getStatus()).isEqualTo(401);
    assertThat(response.getContentType()).isEqualTo("application/problem+json");
    assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
    assertThat(signed).isEmpty();
    return response;
  }
}
