package dev.aifactory.benchmarks.security;

import dev.aifactory.common.security.Caller;
import dev.aifactory.common.security.CallerArgumentResolver;
import dev.aifactory.common.security.CallerJwtAuthentication;
import dev.aifactory.common.testing.TestJwts;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * What resolving a request's {@link Caller} costs per request: read from the JWT's claims (what the
 * gateway did on every inference request until session 13) against held by the authentication since
 * the token was first accepted ({@link CallerJwtAuthentication}, what the gateway's {@code
 * CachingJwtAuthentication} now returns). Both in one run, side by side.
 *
 * <pre>
 * ./mvnw -q -pl benchmarks compile exec:exec -Dexec.executable=java \
 *   -Dexec.args="-cp %classpath org.openjdk.jmh.Main CallerResolution"
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CallerResolutionBenchmark {

  private JwtAuthenticationToken fromClaims;
  private CallerJwtAuthentication held;

  @Setup
  public void setUp() {
    Jwt jwt =
        NimbusJwtDecoder.withPublicKey(TestJwts.publicKey())
            .build()
            .decode(TestJwts.token("vic", "growth", "viewer", "ml-engineer"));
    List<SimpleGrantedAuthority> roles =
        List.of(
            new SimpleGrantedAuthority("ROLE_viewer"),
            new SimpleGrantedAuthority("ROLE_ml-engineer"));
    fromClaims = new JwtAuthenticationToken(jwt, roles);
    held = new CallerJwtAuthentication(jwt, roles, "vic");
  }

  @TearDown
  public void tearDown() {
    SecurityContextHolder.clearContext();
  }

  @Benchmark
  public Caller fromTheTokensClaims() {
    SecurityContextHolder.getContext().setAuthentication(fromClaims);
    return CallerArgumentResolver.current(null);
  }

  @Benchmark
  public Caller heldByTheAuthentication() {
    SecurityContextHolder.getContext().setAuthentication(held);
    return CallerArgumentResolver.current(null);
  }
}
