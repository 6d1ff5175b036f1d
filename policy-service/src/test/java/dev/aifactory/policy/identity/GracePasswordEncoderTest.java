package dev.aifactory.policy.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

class GracePasswordEncoderTest {

  static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
  static final PasswordEncoder BCRYPT = PasswordEncoderFactories.createDelegatingPasswordEncoder();
  static final String OLD = BCRYPT.encode("old-secret");
  static final String NEW = BCRYPT.encode("new-secret");

  static ManagedClient rotated(Instant graceUntil) {
    return new ManagedClient(
        "ci", NEW, OLD, graceUntil, "demo", List.of("ml-engineer"), true, false, NOW, NOW);
  }

  static GracePasswordEncoder at(Instant now) {
    return new GracePasswordEncoder(Clock.fixed(now, ZoneOffset.UTC));
  }

  @Test
  void acceptsBothSecretsDuringTheGracePeriod() {
    String stored = GracePasswordEncoder.secret(rotated(NOW.plusSeconds(3600)), NOW);
    GracePasswordEncoder encoder = at(NOW);
    assertThat(encoder.matches("new-secret", stored)).isTrue();
    assertThat(encoder.matches("old-secret", stored)).isTrue();
    assertThat(encoder.matches("other", stored)).isFalse();
  }

  @Test
  void refusesThePreviousSecretOnceTheGracePeriodIsOver() {
    String stored = GracePasswordEncoder.secret(rotated(NOW.plusSeconds(60)), NOW);
    GracePasswordEncoder later = at(NOW.plusSeconds(61));
    assertThat(later.matches("old-secret", stored)).isFalse();
    assertThat(later.matches("new-secret", stored)).isTrue();
    // Stored after the grace period, only the new hash is left at all.
    assertThat(GracePasswordEncoder.secret(rotated(NOW.plusSeconds(60)), NOW.plusSeconds(61)))
        .isEqualTo(NEW);
  }

  @Test
  void neverAsksForReEncodingSoAGraceSecretIsNotOverwritten() {
    String stored = GracePasswordEncoder.secret(rotated(NOW.plusSeconds(3600)), NOW);
    assertThat(at(NOW).upgradeEncoding(stored)).isFalse();
    assertThat(at(NOW).upgradeEncoding(NEW)).isFalse();
  }

  @Test
  void rejectsAMalformedGraceValue() {
    assertThat(at(NOW).matches("new-secret", "{grace}not-three-parts")).isFalse();
  }
}
