package dev.aifactory.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Against AWS's published SigV4 test suite vector "get-vanilla". */
class SigV4VerifierTest {

  private static final String AUTHORIZATION =
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request,"
          + " SignedHeaders=host;x-amz-date,"
          + " Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";

  private final SigV4Properties properties =
      new SigV4Properties(
          Map.of(
              "AKIDEXAMPLE",
              new SigV4Properties.Credential(
                  "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "growth", List.of("viewer"))),
          Duration.ofMinutes(5));

  @Test
  void acceptsTheAwsTestSuitesGetVanillaRequest() {
    SigV4Verifier.Principal principal =
        verifier(at("2015-08-30T12:36:00Z")).verify(AUTHORIZATION, request("GET", new byte[0]));

    assertThat(principal.accessKeyId()).isEqualTo("AKIDEXAMPLE");
    assertThat(principal.team()).isEqualTo("growth");
    assertThat(principal.roles()).containsExactly("viewer");
  }

  @Test
  void rejectsAnythingChangedAfterSigning() {
    SigV4Verifier verifier = verifier(at("2015-08-30T12:36:00Z"));
    assertThatThrownBy(() -> verifier.verify(AUTHORIZATION, request("POST", new byte[0])))
        .hasMessageContaining("signature does not match");
    assertThatThrownBy(() -> verifier.verify(AUTHORIZATION, request("GET", new byte[] {1})))
        .hasMessageContaining("signature does not match");
  }

  @Test
  void rejectsAStaleSignature() {
    assertThatThrownBy(
            () ->
                verifier(at("2015-08-30T12:42:00Z"))
                    .verify(AUTHORIZATION, request("GET", new byte[0])))
        .hasMessageContaining("too far from now");
  }

  private SigV4Verifier verifier(Clock clock) {
    return new SigV4Verifier(properties, clock);
  }

  private static Clock at(String instant) {
    return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
  }

  private static SigV4Verifier.SignedRequest request(String method, byte[] body) {
    Map<String, List<String>> headers =
        Map.of("host", List.of("example.amazonaws.com"), "x-amz-date", List.of("20150830T123600Z"));
    return new SigV4Verifier.SignedRequest(
        method, "/", null, name -> headers.getOrDefault(name.toLowerCase(), List.of()), body);
  }
}
