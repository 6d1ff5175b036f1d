package dev.aifactory.dashboard.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class TokenClaimsTest {

  private final JsonMapper json = JsonMapper.builder().build();

  private static String jwt(String payload) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8))
        + "."
        + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8))
        + ".signature";
  }

  @Test
  void readsSubjectTeamRolesAndExpiryFromThePayload() {
    TokenClaims claims =
        TokenClaims.read(
            jwt(
                "{\"sub\":\"demo-ml\",\"team\":\"demo\",\"roles\":[\"ml-engineer\",\"approver\"],"
                    + "\"exp\":1800000000}"),
            json);

    assertThat(claims.subject()).isEqualTo("demo-ml");
    assertThat(claims.team()).isEqualTo("demo");
    assertThat(claims.roles()).containsExactly("ml-engineer", "approver");
    assertThat(claims.expiresAt()).isEqualTo(Instant.ofEpochSecond(1_800_000_000L));
  }

  @Test
  void aTokenWithoutRolesGivesNoRoles() {
    assertThat(TokenClaims.read(jwt("{\"sub\":\"x\"}"), json).roles()).isEmpty();
  }

  @Test
  void refusesSomethingThatIsNotAJwt() {
    assertThatThrownBy(() -> TokenClaims.read("opaque-token", json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a JWT");
  }

  @Test
  void onlyApproversAndAdminsMayMoveTheChampion() {
    assertThat(user("approver").canApprove()).isTrue();
    assertThat(user("admin").canApprove()).isTrue();
    assertThat(user("viewer").canApprove()).isFalse();
    assertThat(user("ml-engineer").canApprove()).isFalse();
  }

  @Test
  void neverPrintsTheAccessToken() {
    assertThat(user("viewer").toString()).doesNotContain("secret-token");
  }

  private static DashboardUser user(String role) {
    return new DashboardUser(
        "u", "demo", java.util.List.of(role), "secret-token", Instant.now().plusSeconds(60));
  }
}
