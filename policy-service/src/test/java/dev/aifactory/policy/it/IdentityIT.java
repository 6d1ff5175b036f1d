package dev.aifactory.policy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.aifactory.common.testing.TestJwts;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

class IdentityIT extends PolicyServiceIntegrationTest {

  JsonNode jwtPart(String token, int part) {
    return json.readTree(
        new String(
            Base64.getUrlDecoder().decode(token.split("\\.")[part]), StandardCharsets.UTF_8));
  }

  String storedKid() {
    return jdbc.sql(
            "select kid from signing_keys order by rotated_at desc nulls last, created_at, kid"
                + " limit 1")
        .query(String.class)
        .single();
  }

  @Test
  void issuesSignedJwtWithTeamAndRolesForClientCredentials() throws Exception {
    String body =
        mvc.perform(
                post("/oauth2/token")
                    .header(HttpHeaders.AUTHORIZATION, basic("demo-ml", "demo-ml-secret"))
                    .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                    .param("grant_type", "client_credentials"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.token_type").value("Bearer"))
            .andExpect(
                jsonPath("$.expires_in")
                    .value(
                        Matchers.both(Matchers.greaterThan(3500))
                            .and(Matchers.lessThanOrEqualTo(3600))))
            .andReturn()
            .getResponse()
            .getContentAsString();
    String token = json.readTree(body).get("access_token").asString();

    JsonNode header = jwtPart(token, 0);
    assertThat(header.get("alg").asString()).isEqualTo("RS256");
    assertThat(header.get("kid").asString()).isEqualTo(storedKid());
    JsonNode claims = jwtPart(token, 1);
    assertThat(claims.get("sub").asString()).isEqualTo("demo-ml");
    assertThat(claims.get("team").asString()).isEqualTo("demo");
    assertThat(claims.get("roles").valueStream().map(JsonNode::asString))
        .containsExactly("data-engineer", "ml-engineer", "approver");
    assertThat(claims.get("scope").toString()).contains("api");
    assertThat(claims.get("iss").asString()).isEqualTo("http://127.0.0.1:8084");
  }

  @Test
  void acceptsClientSecretPost() throws Exception {
    mvc.perform(
            post("/oauth2/token")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .param("grant_type", "client_credentials")
                .param("client_id", "other-team")
                .param("client_secret", "other-team-secret"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.access_token").exists());
  }

  @Test
  void rejectsAWrongSecretWithUnauthorized() throws Exception {
    mvc.perform(
            post("/oauth2/token")
                .header(HttpHeaders.AUTHORIZATION, basic("demo-ml", "not-the-secret"))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .param("grant_type", "client_credentials"))
        .andExpect(status().isUnauthorized())
        .andExpect(jsonPath("$.access_token").doesNotExist());
  }

  @Test
  void tellsTheCallerWhoItIs() throws Exception {
    mvc.perform(get("/api/v1/whoami").header(HttpHeaders.AUTHORIZATION, bearer("other-team")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.subject").value("other-team"))
        .andExpect(jsonPath("$.team").value("other"))
        .andExpect(jsonPath("$.roles", Matchers.contains("data-engineer", "ml-engineer")));
  }

  @Test
  void rejectsCallsWithoutTokenAsProblemJson() throws Exception {
    mvc.perform(get("/api/v1/whoami"))
        .andExpect(status().isUnauthorized())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("https://aifactory.dev/problems/unauthenticated"));
  }

  /** A token signed with a key nobody trusts, claiming {@code issuer}. */
  static String forged(String issuer) throws Exception {
    RSAKey key = new RSAKeyGenerator(2048).keyID("intruder").generate();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("intruder").build(),
            new JWTClaimsSet.Builder()
                .subject("intruder")
                .issuer(issuer)
                .claim("team", "demo")
                .claim("roles", List.of("admin"))
                .expirationTime(Date.from(Instant.now().plusSeconds(600)))
                .build());
    jwt.sign(new RSASSASigner(key));
    return "Bearer " + jwt.serialize();
  }

  @Test
  void rejectsTokensNotSignedWithATrustedKey() throws Exception {
    for (String issuer :
        List.of("http://127.0.0.1:8084", "http://aifactory-test", "https://evil")) {
      mvc.perform(get("/api/v1/whoami").header(HttpHeaders.AUTHORIZATION, forged(issuer)))
          .andExpect(status().isUnauthorized())
          .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }
  }

  @Test
  void acceptsTokensOfTheConfiguredExternalIssuerWithTheirTeamAndRoles() throws Exception {
    mvc.perform(
            get("/api/v1/whoami")
                .header(HttpHeaders.AUTHORIZATION, TestJwts.bearer("ext-alice", "demo", "viewer")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.subject").value("ext-alice"))
        .andExpect(jsonPath("$.team").value("demo"))
        .andExpect(jsonPath("$.roles[0]").value("viewer"));
    mvc.perform(
            get("/api/v1/whoami")
                .header(
                    HttpHeaders.AUTHORIZATION,
                    "Bearer " + TestJwts.expiredToken("ext-alice", "demo", "viewer")))
        .andExpect(status().isUnauthorized());
  }

  @Test
  void publishesTheStoredPublicKeyAsJwks() throws Exception {
    mvc.perform(get("/oauth2/jwks"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.keys[0].kid").value(storedKid()))
        .andExpect(jsonPath("$.keys[0].kty").value("RSA"))
        .andExpect(jsonPath("$.keys[0].d").doesNotExist());
  }

  @Test
  void keepsHealthPublic() throws Exception {
    mvc.perform(get("/actuator/health")).andExpect(status().isOk());
  }
}
