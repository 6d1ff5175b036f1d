package dev.aifactory.common.security;

import dev.aifactory.common.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Resolves {@link Caller} parameters from the JWT's {@code sub}, {@code team} and {@code roles}, or
 * from a {@link CallerJwtAuthentication} that read them once for its token.
 */
public class CallerArgumentResolver implements HandlerMethodArgumentResolver {

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return Caller.class.equals(parameter.getParameterType());
  }

  @Override
  public Object resolveArgument(
      MethodParameter parameter,
      ModelAndViewContainer mavContainer,
      NativeWebRequest webRequest,
      WebDataBinderFactory binderFactory) {
    return current(webRequest.getNativeRequest(HttpServletRequest.class));
  }

  /**
   * The caller of {@code request}, from the security context. A service caller acts for the team
   * {@code request} names in {@link Caller#ON_BEHALF_OF_HEADER} (400 if none). The request is
   * passed, not looked up on the thread, so that code outside Spring MVC (the gateway's inference
   * routes, a servlet filter) needs no {@code RequestContextFilter}.
   */
  public static Caller current(HttpServletRequest request) {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    Caller caller = null;
    if (auth instanceof CallerJwtAuthentication known) {
      caller = known.caller();
    } else if (auth instanceof JwtAuthenticationToken token) {
      caller = fromJwt(token.getToken());
    }
    if (caller != null) {
      return caller.isService() ? actingFor(caller, request) : caller;
    }
    throw new ApiException(
        HttpStatus.UNAUTHORIZED,
        "unauthenticated",
        "A bearer token is required; get one from policy-service /oauth2/token",
        java.util.List.of());
  }

  private static Caller actingFor(Caller service, HttpServletRequest request) {
    String team = request == null ? null : request.getHeader(Caller.ON_BEHALF_OF_HEADER);
    if (team == null || team.isBlank()) {
      throw new ApiException(
          HttpStatus.BAD_REQUEST,
          "invalid-input",
          "A service caller must name the team it acts for in " + Caller.ON_BEHALF_OF_HEADER,
          java.util.List.of(
              new ApiException.FieldProblem(Caller.ON_BEHALF_OF_HEADER, "missing team")));
    }
    return new Caller(service.subject(), team.strip(), Set.of(Caller.SERVICE));
  }

  public static Caller fromJwt(Jwt jwt) {
    Set<String> roles = new LinkedHashSet<>();
    Object claim = jwt.getClaims().get("roles");
    if (claim instanceof Collection<?> values) {
      values.forEach(v -> roles.add(String.valueOf(v)));
    }
    return new Caller(jwt.getSubject(), jwt.getClaimAsString("team"), Set.copyOf(roles));
  }
}
