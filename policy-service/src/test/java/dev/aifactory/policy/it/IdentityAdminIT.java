package dev.aifactory.policy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;

/** The identity admin API: teams, users and clients, client secret rotation with a grace period. */
class IdentityAdminIT extends PolicyServiceIntegrationTest {

  ResultActions call(
      org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request,
      String clientId,
      Object body)
      throws Exception {
    request.header(HttpHeaders.AUTHORIZATION, bearer(clientId));
    if (body != null) {
      request.contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(body));
    }
    return mvc.perform(request);
  }

  JsonNode body(ResultActions result) throws Exception {
    return json.readTree(result.andReturn().getResponse().getContentAsString());
  }

  String team() throws Exception {
    String team = unique("team");
    call(post("/api/v1/teams"), "factory-admin", Map.of("name", team, "description", "it"))
        .andExpect(status().isCreated());
    return team;
  }

  int tokenStatus(String clientId, String secret) throws Exception {
    return mvc.perform(
            post("/oauth2/token")
                .header(HttpHeaders.AUTHORIZATION, basic(clientId, secret))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .param("grant_type", "client_credentials"))
        .andReturn()
        .getResponse()
        .getStatus();
  }

  JsonNode tokenClaims(String clientId, String secret) throws Exception {
    String body =
        mvc.perform(
                post("/oauth2/token")
                    .header(HttpHeaders.AUTHORIZATION, basic(clientId, secret))
                    .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                    .param("grant_type", "client_credentials"))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    String token = json.readTree(body).get("access_token").asString();
    return json.readTree(
        new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
  }

  @Test
  void refusesEveryAdminRouteToNonAdmins() throws Exception {
    for (String url : List.of("/api/v1/users", "/api/v1/clients", "/api/v1/signing-keys")) {
      call(get(url), "demo-ml", null)
          .andExpect(status().isForbidden())
          .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }
    call(post("/api/v1/teams"), "demo-ml", Map.of("name", unique("t")))
        .andExpect(status().isForbidden());
    call(post("/api/v1/clients/demo-ml/secret"), "demo-viewer", null)
        .andExpect(status().isForbidden());
    call(
            post("/api/v1/users"),
            "demo-ml",
            Map.of(
                "username",
                unique("u"),
                "password",
                "long-enough",
                "team",
                "demo",
                "roles",
                List.of("viewer")))
        .andExpect(status().isForbidden());
  }

  @Test
  void createsAClientWhoseSecretIsShownOnceAndIssuesItsTokens() throws Exception {
    String team = team();
    String clientId = unique("ci");
    JsonNode created =
        body(
            call(
                    post("/api/v1/clients"),
                    "factory-admin",
                    Map.of("clientId", clientId, "team", team, "roles", List.of("ml-engineer")))
                .andExpect(status().isCreated()));
    String secret = created.get("secret").asString();
    assertThat(secret).hasSizeGreaterThan(30);

    JsonNode claims = tokenClaims(clientId, secret);
    assertThat(claims.get("team").asString()).isEqualTo(team);
    assertThat(claims.get("roles").get(0).asString()).isEqualTo("ml-engineer");

    String listed =
        call(get("/api/v1/clients"), "factory-admin", null)
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(listed).contains(clientId).doesNotContain(secret).doesNotContain("bcrypt");
    String audit =
        call(get("/api/v1/audit-events/export"), "factory-admin", null)
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(audit).contains("client.created").doesNotContain(secret);
  }

  @Test
  void aRotatedSecretReplacesTheOldOneAfterTheGracePeriod() throws Exception {
    String team = team();
    String clientId = unique("svc");
    String first =
        body(call(
                post("/api/v1/clients"),
                "factory-admin",
                Map.of("clientId", clientId, "team", team, "roles", List.of("viewer"))))
            .get("secret")
            .asString();
    JsonNode rotated =
        body(
            call(post("/api/v1/clients/" + clientId + "/secret"), "factory-admin", null)
                .andExpect(status().isOk()));
    String second = rotated.get("secret").asString();
    assertThat(second).isNotEqualTo(first);
    assertThat(Instant.parse(rotated.get("previousSecretValidUntil").asString()))
        .isAfter(Instant.now().plusSeconds(3600));

    assertThat(tokenStatus(clientId, first)).isEqualTo(200);
    assertThat(tokenStatus(clientId, second)).isEqualTo(200);
    assertThat(tokenStatus(clientId, "guessed")).isEqualTo(401);

    // The grace period is over.
    jdbc.sql("update clients set previous_valid_until = :past where client_id = :id")
        .param("past", Timestamp.from(Instant.now().minusSeconds(1)))
        .param("id", clientId)
        .update();
    assertThat(tokenStatus(clientId, first)).isEqualTo(401);
    assertThat(tokenStatus(clientId, second)).isEqualTo(200);

    call(put("/api/v1/clients/" + clientId), "factory-admin", Map.of("enabled", false))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.enabled").value(false));
    assertThat(tokenStatus(clientId, second)).isEqualTo(401);
    call(delete("/api/v1/clients/" + clientId), "factory-admin", null)
        .andExpect(status().isNoContent());
    call(post("/api/v1/clients/" + clientId + "/secret"), "factory-admin", null)
        .andExpect(status().isNotFound());
  }

  @Test
  void managesUsersWithHashedPasswordsAndValidatesThem() throws Exception {
    String team = team();
    String username = unique("user");
    call(
            post("/api/v1/users"),
            "factory-admin",
            Map.of(
                "username",
                username,
                "password",
                "s3cret-pass",
                "team",
                team,
                "roles",
                List.of("viewer")))
        .andExpect(status().isCreated())
        .andExpect(jsonPath("$.team").value(team))
        .andExpect(jsonPath("$.password").doesNotExist());
    assertThat(
            jdbc.sql("select password_hash from users where username = :u")
                .param("u", username)
                .query(String.class)
                .single())
        .startsWith("{bcrypt}")
        .doesNotContain("s3cret-pass");
    call(
            put("/api/v1/users/" + username),
            "factory-admin",
            Map.of("roles", List.of("viewer", "approver"), "enabled", false))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.roles[1]").value("approver"))
        .andExpect(jsonPath("$.enabled").value(false));

    Map<String, Object> bad = new HashMap<>();
    bad.put("username", unique("user"));
    bad.put("password", "short");
    bad.put("team", team);
    bad.put("roles", List.of("viewer"));
    call(post("/api/v1/users"), "factory-admin", bad)
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("password"));
    bad.put("password", "long-enough");
    bad.put("team", unique("nosuch"));
    call(post("/api/v1/users"), "factory-admin", bad)
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("team"));
    bad.put("team", team);
    bad.put("roles", List.of("service"));
    call(post("/api/v1/users"), "factory-admin", bad)
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("roles"));
    bad.put("username", username);
    bad.put("roles", List.of("viewer"));
    call(post("/api/v1/users"), "factory-admin", bad).andExpect(status().isConflict());

    call(delete("/api/v1/teams/" + team), "factory-admin", null).andExpect(status().isConflict());
    call(delete("/api/v1/users/" + username), "factory-admin", null)
        .andExpect(status().isNoContent());
    call(delete("/api/v1/teams/" + team), "factory-admin", null).andExpect(status().isNoContent());
  }

  @Test
  void listsTheConfiguredClientsAndTeams() throws Exception {
    JsonNode clients = getJson("/api/v1/clients", "factory-admin");
    assertThat(clients.valueStream().map(c -> c.get("clientId").asString()))
        .contains("demo-ml", "training-service", "monitoring-service");
    assertThat(
            clients
                .valueStream()
                .filter(c -> c.get("clientId").asString().equals("training-service"))
                .findFirst()
                .orElseThrow()
                .get("configured")
                .asBoolean())
        .isTrue();
    assertThat(
            getJson("/api/v1/teams", "factory-admin")
                .valueStream()
                .map(t -> t.get("name").asString()))
        .contains("demo", "other", "platform");
    assertThat(getJson("/api/v1/teams", "demo-ml").valueStream().map(t -> t.get("name").asString()))
        .containsExactly("demo");
  }
}
