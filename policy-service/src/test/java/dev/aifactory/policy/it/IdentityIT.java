package dev.aifactory.policy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.aifactory.common.testing.TestJwts;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
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
    return jdbc.sql("select kid from signing_keys order by created_at, kid limit 1")
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

  @Test
  void rejectsTokensNotSignedWithItsOwnKey() throws Exception {
    mvc.perform(
            get("/api/v1/whoami")
                .header(HttpHeaders.AUTHORIZATION, TestJwts.bearer("intruder", "demo", "admin")))
        .andExpect(status().isUnauthorized())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
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
