package dev.aifactory.gateway.security.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

class HeaderBearerTokenResolverTest {

  private static final String JWT =
      "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ2aWMiLCJ0ZWFtIjoiZ3Jvd3RoIn0.c2lnbmF0dXJlLXBhcnQ-_+/";

  private final HeaderBearerTokenResolver resolver = new HeaderBearerTokenResolver();
  private final DefaultBearerTokenResolver standard = new DefaultBearerTokenResolver();

  @Test
  void resolvesAWellFormedBearerHeaderOnAJsonPost() {
    assertThat(resolver.resolve(request("POST", "application/json", "Bearer " + JWT, null)))
        .isEqualTo(JWT);
    assertThat(resolver.resolve(request("POST", "application/json", "bearer abc==", null)))
        .isEqualTo("abc==");
  }

  @Test
  void answersARepeatedHeaderWithTheSameTokenAndRemembersABoundedNumber() {
    String first = resolver.resolve(request("POST", "application/json", "Bearer " + JWT, null));
    String again =
        resolver.resolve(request("POST", "application/json", new String("Bearer " + JWT), null));
    assertThat(again).isEqualTo(JWT).isSameAs(first);

    for (int i = 0; i <= HeaderBearerTokenResolver.REMEMBERED; i++) {
      assertThat(resolver.resolve(request("POST", "application/json", "Bearer t" + i, null)))
          .isEqualTo("t" + i);
    }
    assertThat(resolver.remembered()).isBetween(1, HeaderBearerTokenResolver.REMEMBERED);
    // Not well-formed: never remembered, answered as the default resolver answers it.
    int before = resolver.remembered();
    assertThatThrownBy(
            () -> resolver.resolve(request("POST", "application/json", "Bearer a b", null)))
        .isInstanceOf(OAuth2AuthenticationException.class);
    assertThat(resolver.remembered()).isEqualTo(before);
  }

  @Test
  void answersEveryRequestAsSpringSecuritysDefaultResolverDoes() {
    List<String> headers = new ArrayList<>();
    headers.add(null);
    for (String prefix : List.of("Bearer ", "bearer ", "BEARER ", "Bearer", "Bearer  ", "Basic ")) {
      for (String token :
          List.of(
              JWT,
              "abc",
              "abc=",
              "abc==",
              "=abc",
              "ab=c",
              "",
              "a b",
              "abc ",
              " abc",
              "a\tb",
              "abc\n",
              "ab%c",
              "ab,c",
              "ab\u00e9c",
              "\u017fabc",
              "\u212a")) {
        headers.add(prefix + token);
      }
    }
    headers.add("Token abc");
    headers.add("Bearerabc");
    int compared = 0;
    for (String method : List.of("POST", "GET", "PUT")) {
      for (String type :
          new String[] {
            "application/json", "application/x-www-form-urlencoded", "text/csv", null
          }) {
        for (String parameter : new String[] {null, "param-token"}) {
          for (String header : headers) {
            MockHttpServletRequest request = request(method, type, header, parameter);
            assertThat(outcome(() -> resolver.resolve(request)))
                .as("%s %s %s param=%s", method, type, header, parameter)
                .isEqualTo(outcome(() -> standard.resolve(request)));
            compared++;
          }
        }
      }
    }
    assertThat(compared).isGreaterThan(800);
  }

  private static MockHttpServletRequest request(
      String method, String contentType, String authorization, String parameterToken) {
    MockHttpServletRequest request = new MockHttpServletRequest(method, "/endpoints/e/invocations");
    if (contentType != null) {
      request.setContentType(contentType);
    }
    if (authorization != null) {
      request.addHeader("Authorization", authorization);
    }
    if (parameterToken != null) {
      request.addParameter("access_token", parameterToken);
    }
    return request;
  }

  /** The token, or the error the resolver answered with. */
  private static String outcome(java.util.function.Supplier<String> resolution) {
    try {
      return "token:" + resolution.get();
    } catch (OAuth2AuthenticationException e) {
      return "error:" + e.getError().getErrorCode() + ":" + e.getError().getDescription();
    }
  }
}
