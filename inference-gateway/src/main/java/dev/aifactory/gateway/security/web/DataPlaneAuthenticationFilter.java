package dev.aifactory.gateway.security.web;

import dev.aifactory.gateway.security.SigV4Verifier;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The data plane's whole security filter chain: one filter doing what the resource-server chain's
 * eight did for the inference and Open Inference Protocol routes ({@link #DATA_PLANE}).
 *
 * <p>Contract, the same as the chain it replaces (ADR 0012 point 11): {@code /v2/health/**} is
 * open; a request signed with SigV4 is handed to {@link SigV4AuthenticationFilter} (403 for a bad
 * signature); every other request needs a bearer token that the gateway's {@link
 * AuthenticationManager} ({@code CachingJwtAuthentication}) accepts (signature, issuer, expiry; the
 * same manager as the management API's). No token, a malformed header or a rejected token is the
 * platform's 401 problem with {@code WWW-Authenticate: Bearer}, written by the same entry point,
 * and nothing downstream runs. An accepted token's authentication is the security context while the
 * rest of the chain runs, and is cleared afterwards, also when the chain throws. A POST carrying
 * the header its request thread resolved last is matched by bytes ({@link TomcatBearerTokens}), so
 * the header is not decoded again; its token is authenticated all the same. The chain still runs
 * inside Spring Security's {@code FilterChainProxy}, so its firewall (path normalisation, header
 * rules) still applies first.
 *
 * <p>Why not the resource-server chain: on the data plane's CPU profile the eight filters took a
 * fifth of the request thread (the chain's filters each set and removed a request attribute; the
 * DPoP and protected-resource-metadata filters, the exception translation and the authorization
 * manager ran per request to decide what "authenticated" already says); see docs/benchmarks.md
 * "Session 9". What the data plane gives up: DPoP-bound tokens (the management API still takes
 * them), authentication details (remote address) on the token, and Spring Security's authentication
 * events (no listener in the platform). A health request carrying an invalid token is answered,
 * where the resource-server chain would have answered 401.
 */
final class DataPlaneAuthenticationFilter implements Filter {

  /**
   * {@code /endpoints/{name}/invocations}, {@code /v2} and everything under {@code /v2/}, matched
   * on the path within the application as Spring's path patterns match it: {@code {name}} is one
   * non-empty segment, no trailing slash. {@code DataPlaneAuthenticationFilterTest} checks it
   * against {@code PathPatternRequestMatcher} for the patterns it replaces.
   */
  static final RequestMatcher DATA_PLANE =
      request -> isDataPlanePath(pathWithinApplication(request));

  private final Filter sigV4;
  private final BearerTokenResolver tokens;
  private final AuthenticationManager authentication;
  private final AuthenticationEntryPoint entryPoint;
  private final SecurityContextHolderStrategy contexts =
      SecurityContextHolder.getContextHolderStrategy();

  DataPlaneAuthenticationFilter(
      Filter sigV4,
      BearerTokenResolver tokens,
      AuthenticationManager authentication,
      AuthenticationEntryPoint entryPoint) {
    this.sigV4 = sigV4;
    this.tokens = tokens;
    this.authentication = authentication;
    this.entryPoint = entryPoint;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    if (isHealthPath(pathWithinApplication(request))) {
      chain.doFilter(request, response);
      return;
    }
    String token =
        HeaderBearerTokenResolver.takesHeaderOnly(request)
            ? TomcatBearerTokens.knownToken(request)
            : null;
    Authentication caller;
    try {
      if (token == null) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.startsWith(SigV4Verifier.ALGORITHM)) {
          sigV4.doFilter(request, response, chain);
          return;
        }
        token = tokens.resolve(request);
        if (token == null) {
          throw new AuthenticationCredentialsNotFoundException("No bearer token");
        }
        // Came from the header ("Bearer " + token, which the resolver validated): no second parse.
        if (header != null
            && header.length() == "Bearer ".length() + token.length()
            && header.endsWith(token)) {
          TomcatBearerTokens.remember(header, token);
        }
      }
      caller = authentication.authenticate(new BearerTokenAuthenticationToken(token));
    } catch (AuthenticationException e) {
      contexts.clearContext();
      entryPoint.commence(request, response, e);
      return;
    }
    SecurityContext context = contexts.createEmptyContext();
    context.setAuthentication(caller);
    contexts.setContext(context);
    try {
      chain.doFilter(request, response);
    } finally {
      contexts.clearContext();
    }
  }

  /** {@code /v2/health/**}: {@code /v2/health} and everything under it. */
  static boolean isHealthPath(String path) {
    return path.startsWith("/v2/health") && (path.length() == 10 || path.charAt(10) == '/');
  }

  static boolean isDataPlanePath(String path) {
    if (path.startsWith("/v2")) {
      return path.length() == 3 || path.charAt(3) == '/';
    }
    if (!path.startsWith("/endpoints/")) {
      return false;
    }
    int from = "/endpoints/".length();
    int end = path.indexOf('/', from);
    return end > from && path.length() == end + 12 && path.startsWith("/invocations", end);
  }

  /** The request's path without the context path, not decoded (the firewall vetted it). */
  private static String pathWithinApplication(HttpServletRequest request) {
    String uri = request.getRequestURI();
    String context = request.getContextPath();
    return context == null || context.isEmpty() ? uri : uri.substring(context.length());
  }
}
