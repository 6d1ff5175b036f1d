package dev.aifactory.policy.identity;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Spring Security's delegating encoder ("{bcrypt}..."), plus the form {@code {grace}<new>:<old>:
 * <until>} a client's secret takes during a rotation's grace period: either hash matches until
 * {@code until} (epoch milliseconds), only the new one after. Never asks for re-encoding, so the
 * authorization server does not overwrite a grace secret with a plain hash.
 */
public class GracePasswordEncoder implements PasswordEncoder {

  static final String PREFIX = "{grace}";

  private final PasswordEncoder delegate =
      PasswordEncoderFactories.createDelegatingPasswordEncoder();
  private final Clock clock;

  public GracePasswordEncoder(Clock clock) {
    this.clock = clock;
  }

  /** The stored form of a client secret: with the previous hash while it is still accepted. */
  public static String secret(ManagedClient c, Instant now) {
    if (c.previousSecretHash() == null
        || c.previousValidUntil() == null
        || !c.previousValidUntil().isAfter(now)) {
      return c.secretHash();
    }
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return PREFIX
        + b64.encodeToString(c.secretHash().getBytes(StandardCharsets.UTF_8))
        + ":"
        + b64.encodeToString(c.previousSecretHash().getBytes(StandardCharsets.UTF_8))
        + ":"
        + c.previousValidUntil().toEpochMilli();
  }

  @Override
  public String encode(CharSequence raw) {
    return delegate.encode(raw);
  }

  @Override
  public boolean matches(CharSequence raw, String encoded) {
    if (encoded == null || !encoded.startsWith(PREFIX)) {
      return delegate.matches(raw, encoded);
    }
    String[] parts = encoded.substring(PREFIX.length()).split(":");
    if (parts.length != 3) {
      return false;
    }
    Base64.Decoder b64 = Base64.getUrlDecoder();
    String current = new String(b64.decode(parts[0]), StandardCharsets.UTF_8);
    String previous = new String(b64.decode(parts[1]), StandardCharsets.UTF_8);
    Instant until = Instant.ofEpochMilli(Long.parseLong(parts[2]));
    return delegate.matches(raw, current)
        || (until.isAfter(clock.instant()) && delegate.matches(raw, previous));
  }

  @Override
  public boolean upgradeEncoding(String encoded) {
    return false;
  }
}
