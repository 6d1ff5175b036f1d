package dev.aifactory.gateway.security.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/**
 * Spring Security's {@link DefaultBearerTokenResolver} with its common case checked by a loop: a
 * well-formed {@code Authorization: Bearer <token68>} header on a request that cannot carry an
 * {@code access_token} parameter (a POST that is not a form). The default resolver matches the
 * header against a case-insensitive regular expression on every request, which was 3–4 % of the
 * data plane's CPU profile (a JWT is several hundred characters). Everything else — GET and form
 * requests, where the default also looks for a parameter token, and every header that is not a
 * well-formed bearer token (it answers those with its own errors) — goes to the default resolver,
 * so the answers are the same ({@code HeaderBearerTokenResolverTest} checks them side by side).
 */
final class HeaderBearerTokenResolver implements BearerTokenResolver {

  private static final String PREFIX = "Bearer ";

  /** Headers whose token is remembered at most; past that the memory starts over. */
  static final int REMEMBERED = 1_000;

  private final DefaultBearerTokenResolver standard = new DefaultBearerTokenResolver();

  /**
   * The token of each well-formed header seen lately. A client sends the same header on thousands
   * of requests: remembering it spares the check and the copy of several hundred characters per
   * request (the copy was 8 % of the data plane's allocation, and allocation is what sets the
   * gateway's GC pauses; docs/benchmarks.md, session 7), and hands the bearer-token cache ({@code
   * CachingJwtAuthentication}) the same string every time, whose hash is then computed once. The
   * header-to-token mapping is a pure function of the header: nothing about trust is remembered.
   */
  private final Map<String, String> tokens = new ConcurrentHashMap<>();

  @Override
  public String resolve(HttpServletRequest request) {
    if (takesHeaderOnly(request)) {
      String header = request.getHeader(HttpHeaders.AUTHORIZATION);
      String token = header == null ? null : tokens.get(header);
      if (token == null) {
        token = wellFormedToken(header);
        if (token != null) {
          remember(header, token);
        }
      }
      if (token != null) {
        return token;
      }
    }
    return standard.resolve(request);
  }

  /**
   * Whether the request is one whose bearer token can only come from the {@code Authorization}
   * header: a POST that is not a form (the default resolver looks for a parameter token otherwise).
   */
  static boolean takesHeaderOnly(HttpServletRequest request) {
    return "POST".equals(request.getMethod()) && !isForm(request.getContentType());
  }

  private void remember(String header, String token) {
    if (tokens.size() >= REMEMBERED) {
      tokens.clear();
    }
    tokens.put(header, token);
  }

  int remembered() {
    return tokens.size();
  }

  /** The token of {@code Bearer <token68>} (prefix in any case), or null if not of that form. */
  static String wellFormedToken(String header) {
    if (header == null
        || header.length() <= PREFIX.length()
        || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      return null;
    }
    int i = PREFIX.length();
    int length = header.length();
    while (i < length && isTokenChar(header.charAt(i))) {
      i++;
    }
    if (i == PREFIX.length()) {
      return null;
    }
    while (i < length && header.charAt(i) == '=') {
      i++;
    }
    return i == length ? header.substring(PREFIX.length()) : null;
  }

  /** {@code [a-zA-Z0-9-._~+/]}, the default resolver's token characters (ASCII only). */
  private static boolean isTokenChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~'
        || c == '+'
        || c == '/';
  }

  private static boolean isForm(String contentType) {
    return contentType != null
        && contentType.regionMatches(true, 0, "application/x-www-form-urlencoded", 0, 33);
  }
}
