package dev.aifactory.policy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/**
 * Signing key rotation: the new key signs, older keys stay published (and accepted) until their
 * tokens expired. Only keys that signed this test's own tokens are retired, so the tokens other
 * tests cached stay valid.
 */
class SigningKeysIT extends PolicyServiceIntegrationTest {

  /** A fresh (uncached) token of a dev client. */
  String freshToken(String clientId) throws Exception {
    String body =
        mvc.perform(
                post("/oauth2/token")
                    .header(HttpHeaders.AUTHORIZATION, basic(clientId, clientId + "-secret"))
                    .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                    .param("grant_type", "client_credentials"))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    return json.readTree(body).get("access_token").asString();
  }

  String kid(String token) {
    return json.readTree(
            new String(
                Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8))
        .get("kid")
        .asString();
  }

  List<String> jwksKids() throws Exception {
    return json.readTree(
            mvc.perform(get("/oauth2/jwks")).andReturn().getResponse().getContentAsString())
        .get("keys")
        .valueStream()
        .map(k -> k.get("kid").asString())
        .toList();
  }

  String rotate() throws Exception {
    String body =
        mvc.perform(
                post("/api/v1/signing-keys/rotate")
                    .header(HttpHeaders.AUTHORIZATION, bearer("factory-admin")))
            .andExpect(status().isCreated())
            .andReturn()
            .getResponse()
            .getContentAsString();
    return json.readTree(body).get("kid").asString();
  }

  int whoami(String token) throws Exception {
    return mvc.perform(get("/api/v1/whoami").header(HttpHeaders.AUTHORIZATION, "Bearer " + token))
        .andReturn()
        .getResponse()
        .getStatus();
  }

  @Test
  void aRotatedKeySignsWhileTheOldOneStaysPublishedUntilItsTokensExpire() throws Exception {
    mvc.perform(
            post("/api/v1/signing-keys/rotate")
                .header(HttpHeaders.AUTHORIZATION, bearer("demo-ml")))
        .andExpect(status().isForbidden());
    bearer("factory-admin");

    String before = freshToken("demo-viewer");
    String oldKid = kid(before);
    String newKid = rotate();
    assertThat(newKid).isNotEqualTo(oldKid);

    String after = freshToken("demo-viewer");
    assertThat(kid(after)).isEqualTo(newKid);
    assertThat(jwksKids()).first().isEqualTo(newKid);
    assertThat(jwksKids()).contains(oldKid);
    assertThat(whoami(before)).isEqualTo(200);
    assertThat(whoami(after)).isEqualTo(200);

    JsonNode keys = getJson("/api/v1/signing-keys", "factory-admin");
    JsonNode old =
        keys.valueStream()
            .filter(k -> k.get("kid").asString().equals(oldKid))
            .findFirst()
            .orElseThrow();
    assertThat(old.get("active").asBoolean()).isFalse();
    assertThat(Instant.parse(old.get("retireAfter").asString()))
        .isAfter(Instant.now().plusSeconds(3000));
    assertThat(
            getJson(
                    "/api/v1/audit-events?action=signing-key.rotated&subject=" + newKid,
                    "factory-admin")
                .get("total")
                .asInt())
        .isEqualTo(1);
  }

  @Test
  void aRetiredKeyLeavesTheJwksAndItsTokensAreRefused() throws Exception {
    bearer("factory-admin");
    String middleKid = rotate();
    String token = freshToken("demo-viewer");
    assertThat(kid(token)).isEqualTo(middleKid);
    rotate();
    // Its tokens' lifetime is over (as if an hour had passed).
    jdbc.sql("update signing_keys set retire_after = :past where kid = :kid")
        .param("past", Timestamp.from(Instant.now().minusSeconds(1)))
        .param("kid", middleKid)
        .update();
    getJson("/api/v1/signing-keys", "factory-admin");
    assertThat(jwksKids()).doesNotContain(middleKid);
    assertThat(whoami(token)).isEqualTo(401);
  }
}
