package dev.aifactory.policy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard's sign-in: authorization code with PKCE for the public client {@code dashboard},
 * driven like a browser would (authorize → login form → code → token), and its claims.
 */
class CodeFlowIT extends PolicyServiceIntegrationTest {

  static final String REDIRECT = "http://127.0.0.1:8085/login/oauth2/code/aifactory";
  static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

  record Pkce(String verifier, String challenge) {
    static Pkce create() throws Exception {
      byte[] bytes = new byte[32];
      new SecureRandom().nextBytes(bytes);
      String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return new Pkce(verifier, Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
    }
  }

  static String authorizeUrl(Pkce pkce, String state) {
    return UriComponentsBuilder.fromPath("/oauth2/authorize")
        .queryParam("response_type", "code")
        .queryParam("client_id", "dashboard")
        .queryParam("redirect_uri", REDIRECT)
        .queryParam("scope", "openid profile")
        .queryParam("state", state)
        .queryParam("code_challenge", pkce.challenge())
        .queryParam("code_challenge_method", "S256")
        .encode()
        .toUriString();
  }

  /** Signs in on the login form within the session; returns where the browser is sent next. */
  String login(MockHttpSession session, String username, String password) throws Exception {
    String page =
        mvc.perform(get("/login").session(session))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    Matcher csrf = CSRF.matcher(page);
    assertThat(csrf.find()).as("login form carries a CSRF token").isTrue();
    return mvc.perform(
            post("/login")
                .session(session)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .param("username", username)
                .param("password", password)
                .param("_csrf", csrf.group(1)))
        .andExpect(status().is3xxRedirection())
        .andReturn()
        .getResponse()
        .getRedirectedUrl();
  }

  /** Runs authorize → login → authorize again; returns the code sent to the redirect URI. */
  String code(MockHttpSession session, Pkce pkce, String username, String password)
      throws Exception {
    String state = unique("state");
    MvcResult toLogin =
        mvc.perform(
                get(URI.create(authorizeUrl(pkce, state)))
                    .session(session)
                    .accept(MediaType.TEXT_HTML))
            .andExpect(status().is3xxRedirection())
            .andReturn();
    assertThat(toLogin.getResponse().getRedirectedUrl()).endsWith("/login");
    String back = login(session, username, password);
    assertThat(back).contains("/oauth2/authorize");
    String redirect =
        mvc.perform(get(URI.create(back)).session(session).accept(MediaType.TEXT_HTML))
            .andExpect(status().is3xxRedirection())
            .andReturn()
            .getResponse()
            .getRedirectedUrl();
    assertThat(redirect).startsWith(REDIRECT);
    var params = UriComponentsBuilder.fromUriString(redirect).build().getQueryParams();
    assertThat(params.getFirst("state")).isEqualTo(state);
    return params.getFirst("code");
  }

  MvcResult exchange(String code, String verifier) throws Exception {
    var request =
        post("/oauth2/token")
            .contentType(MediaType.APPLICATION_FORM_URLENCODED)
            .param("grant_type", "authorization_code")
            .param("client_id", "dashboard")
            .param("code", code)
            .param("redirect_uri", REDIRECT);
    if (verifier != null) {
      request.param("code_verifier", verifier);
    }
    return mvc.perform(request).andReturn();
  }

  JsonNode claims(String jwt) {
    return json.readTree(
        new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
  }

  @Test
  void aUserSignsInWithCodeAndPkceAndGetsTokensWithTeamAndRoles() throws Exception {
    Pkce pkce = Pkce.create();
    String code = code(new MockHttpSession(), pkce, "alice", "alice-password");
    MvcResult result = exchange(code, pkce.verifier());
    assertThat(result.getResponse().getStatus()).isEqualTo(200);
    JsonNode tokens = json.readTree(result.getResponse().getContentAsString());
    String access = tokens.get("access_token").asString();

    JsonNode claims = claims(access);
    assertThat(claims.get("sub").asString()).isEqualTo("alice");
    assertThat(claims.get("team").asString()).isEqualTo("demo");
    assertThat(claims.get("roles").valueStream().map(JsonNode::asString))
        .containsExactlyInAnyOrder("data-engineer", "ml-engineer", "approver");
    JsonNode id = claims(tokens.get("id_token").asString());
    assertThat(id.get("sub").asString()).isEqualTo("alice");
    assertThat(id.get("aud").toString()).contains("dashboard");
    assertThat(id.get("team").asString()).isEqualTo("demo");

    // The access token works on the API like a client's, and for OIDC userinfo.
    mvc.perform(get("/api/v1/whoami").header(HttpHeaders.AUTHORIZATION, "Bearer " + access))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.subject").value("alice"))
        .andExpect(jsonPath("$.team").value("demo"));
    mvc.perform(get("/userinfo").header(HttpHeaders.AUTHORIZATION, "Bearer " + access))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.sub").value("alice"));

    // A code is good for one exchange only.
    assertThat(exchange(code, pkce.verifier()).getResponse().getStatus()).isEqualTo(400);
  }

  @Test
  void aViewerOfAnotherTeamGetsTheirOwnTeamAndRoles() throws Exception {
    Pkce pkce = Pkce.create();
    String code = code(new MockHttpSession(), pkce, "olga", "olga-password");
    JsonNode tokens =
        json.readTree(exchange(code, pkce.verifier()).getResponse().getContentAsString());
    JsonNode claims = claims(tokens.get("access_token").asString());
    assertThat(claims.get("team").asString()).isEqualTo("other");
    assertThat(claims.get("roles").valueStream().map(JsonNode::asString))
        .containsExactly("ml-engineer");
  }

  @Test
  void theTokenEndpointRefusesACodeWithoutOrWithTheWrongVerifier() throws Exception {
    Pkce pkce = Pkce.create();
    String code = code(new MockHttpSession(), pkce, "victor", "victor-password");
    MvcResult missing = exchange(code, null);
    // Without a verifier the public client is not even authenticated.
    assertThat(missing.getResponse().getStatus()).isEqualTo(401);
    assertThat(missing.getResponse().getContentAsString()).doesNotContain("access_token");
    Pkce other = Pkce.create();
    String second = code(new MockHttpSession(), pkce, "victor", "victor-password");
    MvcResult wrong = exchange(second, other.verifier());
    assertThat(wrong.getResponse().getStatus()).isEqualTo(400);
    assertThat(json.readTree(wrong.getResponse().getContentAsString()).get("error").asString())
        .isEqualTo("invalid_grant");
  }

  @Test
  void anAuthorizationRequestWithoutPkceIsRefused() throws Exception {
    String url =
        UriComponentsBuilder.fromPath("/oauth2/authorize")
            .queryParam("response_type", "code")
            .queryParam("client_id", "dashboard")
            .queryParam("redirect_uri", REDIRECT)
            .queryParam("scope", "openid")
            .queryParam("state", "s")
            .encode()
            .toUriString();
    MockHttpSession session = new MockHttpSession();
    String redirect =
        mvc.perform(get(URI.create(url)).session(session).accept(MediaType.TEXT_HTML))
            .andExpect(status().is3xxRedirection())
            .andReturn()
            .getResponse()
            .getRedirectedUrl();
    if (redirect.endsWith("/login")) {
      String back = login(session, "alice", "alice-password");
      redirect =
          mvc.perform(get(URI.create(back)).session(session).accept(MediaType.TEXT_HTML))
              .andReturn()
              .getResponse()
              .getRedirectedUrl();
    }
    assertThat(redirect)
        .startsWith(REDIRECT)
        .contains("error=invalid_request")
        .doesNotContain("code=");
  }

  @Test
  void aWrongPasswordStaysOnTheLoginForm() throws Exception {
    MockHttpSession session = new MockHttpSession();
    mvc.perform(
            get(URI.create(authorizeUrl(Pkce.create(), "s")))
                .session(session)
                .accept(MediaType.TEXT_HTML))
        .andExpect(status().is3xxRedirection());
    assertThat(login(session, "alice", "not-her-password")).endsWith("/login?error");
  }

  @Test
  void anUnregisteredRedirectUriIsNotRedirectedTo() throws Exception {
    String url = authorizeUrl(Pkce.create(), "s").replace("127.0.0.1%3A8085", "evil.example");
    MvcResult result =
        mvc.perform(get(URI.create(url)).session(new MockHttpSession()).accept(MediaType.TEXT_HTML))
            .andReturn();
    String location = result.getResponse().getRedirectedUrl();
    assertThat(location == null || !location.contains("evil.example")).isTrue();
  }

  @Test
  void publishesOpenIdDiscoveryWithTheIssuerAndPkce() throws Exception {
    mvc.perform(get("/.well-known/openid-configuration"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.issuer").value("http://127.0.0.1:8084"))
        .andExpect(jsonPath("$.code_challenge_methods_supported[0]").value("S256"))
        .andExpect(jsonPath("$.jwks_uri").value("http://127.0.0.1:8084/oauth2/jwks"));
  }
}
