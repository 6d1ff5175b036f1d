package dev.aifactory.dashboard.login;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * A person signs in through policy-service (authorization code + PKCE), stood in for by WireMock
 * with its OpenID discovery document, token endpoint and signing keys (the ID token is really
 * signed and Spring Security really checks it), and the pages then call the services with that
 * person's access token.
 */
@SpringBootTest
@AutoConfigureMockMvc
class UserSignInTest {

  static final WireMockServer policy = start();
  static final RSAKey key = generateKey();

  static WireMockServer start() {
    WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    server.start();
    return server;
  }

  static RSAKey generateKey() {
    try {
      return new RSAKeyGenerator(2048).keyID("policy-key-1").generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static String issuer() {
    return "http://127.0.0.1:" + policy.port();
  }

  @DynamicPropertySource
  static void services(DynamicPropertyRegistry registry) {
    registry.add("aifactory.dashboard.policy-url", UserSignInTest::issuer);
    // training-service is the same stand-in, so the test sees which token its API calls carry
    registry.add("aifactory.dashboard.training-url", UserSignInTest::issuer);
    for (String other : List.of("ingestion", "gateway", "monitoring")) {
      registry.add("aifactory.dashboard." + other + "-url", () -> "http://127.0.0.1:1");
    }
  }

  @AfterAll
  static void stop() {
    policy.stop();
  }

  @Autowired MockMvc mvc;

  @BeforeEach
  void discovery() {
    policy.resetAll();
    policy.stubFor(
        get(urlPathEqualTo("/.well-known/openid-configuration"))
            .willReturn(
                okJson(
                    """
                    {"issuer":"%1$s","authorization_endpoint":"%1$s/oauth2/authorize",
                     "token_endpoint":"%1$s/oauth2/token","jwks_uri":"%1$s/oauth2/jwks",
                     "response_types_supported":["code"],"subject_types_supported":["public"],
                     "id_token_signing_alg_values_supported":["RS256"],
                     "scopes_supported":["openid","profile"],
                     "code_challenge_methods_supported":["S256"],
                     "grant_types_supported":["authorization_code","client_credentials"]}
                    """
                        .formatted(issuer()))));
    policy.stubFor(
        get(urlPathEqualTo("/oauth2/jwks"))
            .willReturn(okJson(new JWKSet(key.toPublicJWK()).toString())));
    policy.stubFor(
        get(urlPathEqualTo("/api/v1/model-groups"))
            .willReturn(okJson("{\"items\":[],\"page\":0,\"size\":200,\"total\":0}")));
  }

  @Test
  void aPersonSignsInWithPkceAndTheServiceCallsCarryTheirAccessToken() throws Exception {
    MockHttpSession session = new MockHttpSession();
    mvc.perform(MockMvcRequestBuilders.get("/login/user").session(session))
        .andExpect(redirectedUrl("/oauth2/authorization/aifactory"));
    String authorize =
        mvc.perform(MockMvcRequestBuilders.get("/oauth2/authorization/aifactory").session(session))
            .andExpect(status().is3xxRedirection())
            .andReturn()
            .getResponse()
            .getRedirectedUrl();
    assertThat(authorize).startsWith(issuer() + "/oauth2/authorize?");
    Map<String, String> query = query(authorize);
    assertThat(query)
        .containsEntry("response_type", "code")
        .containsEntry("client_id", "dashboard")
        .containsEntry("code_challenge_method", "S256")
        .containsKey("code_challenge")
        .containsKey("state")
        .containsKey("nonce");
    assertThat(query.get("scope")).contains("openid").contains("profile");
    assertThat(query.get("redirect_uri")).endsWith("/login/oauth2/code/aifactory");

    String accessToken =
        sign(
            new JWTClaimsSet.Builder()
                .issuer(issuer())
                .subject("alice")
                .audience("dashboard")
                .claim("team", "demo")
                .claim("roles", List.of("data-engineer", "ml-engineer", "approver"))
                .claim("scope", List.of("openid", "profile"))
                .expirationTime(Date.from(Instant.now().plusSeconds(3600)))
                .issueTime(new Date())
                .build());
    String idToken =
        sign(
            new JWTClaimsSet.Builder()
                .issuer(issuer())
                .subject("alice")
                .audience("dashboard")
                .claim("nonce", query.get("nonce"))
                .expirationTime(Date.from(Instant.now().plusSeconds(3600)))
                .issueTime(new Date())
                .build());
    policy.stubFor(
        post(urlPathEqualTo("/oauth2/token"))
            .withRequestBody(containing("grant_type=authorization_code"))
            .willReturn(
                okJson(
                    """
                    {"access_token":"%s","token_type":"Bearer","expires_in":3600,
                     "scope":"openid profile","id_token":"%s"}
                    """
                        .formatted(accessToken, idToken))));

    mvc.perform(
            MockMvcRequestBuilders.get("/login/oauth2/code/aifactory")
                .param("code", "the-code")
                .param("state", query.get("state"))
                .session(session))
        .andExpect(redirectedUrl("/"));

    // the code was exchanged with the verifier whose S256 hash is the challenge sent before
    LoggedRequest exchange =
        policy.findAll(postRequestedFor(urlPathEqualTo("/oauth2/token"))).get(0);
    Map<String, String> form = form(exchange.getBodyAsString());
    assertThat(form)
        .containsEntry("code", "the-code")
        .containsEntry("client_id", "dashboard")
        .doesNotContainKey("client_secret");
    assertThat(s256(form.get("code_verifier"))).isEqualTo(query.get("code_challenge"));

    String page =
        mvc.perform(MockMvcRequestBuilders.get("/models").session(session))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(page).contains("alice").contains("team <span>demo</span>").contains("approver");
    policy.verify(
        getRequestedFor(urlPathEqualTo("/api/v1/model-groups"))
            .withHeader("Authorization", equalTo("Bearer " + accessToken)));
  }

  @Test
  void aTokenEndpointRefusalIsShownInWordsOnTheSignInPage() throws Exception {
    policy.stubFor(
        post(urlPathEqualTo("/oauth2/token"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":\"invalid_grant\",\"error_description\":\"code expired\"}")));
    MockHttpSession session = new MockHttpSession();
    String authorize =
        mvc.perform(MockMvcRequestBuilders.get("/oauth2/authorization/aifactory").session(session))
            .andReturn()
            .getResponse()
            .getRedirectedUrl();
    mvc.perform(
            MockMvcRequestBuilders.get("/login/oauth2/code/aifactory")
                .param("code", "stale")
                .param("state", query(authorize).get("state"))
                .session(session))
        .andExpect(redirectedUrl("/login?error"));
    String page =
        mvc.perform(MockMvcRequestBuilders.get("/login").param("error", "").session(session))
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(page)
        .contains("Sign-in at the identity provider failed")
        .contains("code expired")
        .doesNotContain("Exception");
  }

  private static String sign(JWTClaimsSet claims) throws JOSEException {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  private static Map<String, String> query(String url) {
    MultiValueMap<String, String> params =
        UriComponentsBuilder.fromUriString(url).build().getQueryParams();
    return params.toSingleValueMap().entrySet().stream()
        .collect(
            java.util.stream.Collectors.toMap(
                Map.Entry::getKey, e -> URLDecoder.decode(e.getValue(), StandardCharsets.UTF_8)));
  }

  private static Map<String, String> form(String body) {
    return java.util.Arrays.stream(body.split("&"))
        .map(p -> p.split("=", 2))
        .collect(
            java.util.stream.Collectors.toMap(
                p -> URLDecoder.decode(p[0], StandardCharsets.UTF_8),
                p -> p.length > 1 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8) : ""));
  }

  private static String s256(String verifier) throws Exception {
    byte[] digest =
        MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
  }
}
