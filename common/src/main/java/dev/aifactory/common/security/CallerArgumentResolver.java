package dev.aifactory.common.security;

import dev.aifactory.common.web.ApiException;
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
 * Resolves {@link Caller} parameters from the JWT's {@code sub}, {@code team} and {@code roles}.
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
    return current();
  }

  /** The caller of the current request, from the security context. */
  public static Caller current() {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (auth instanceof JwtAuthenticationToken token) {
      return fromJwt(token.getToken());
    }
    throw new ApiException(
        HttpStatus.UNAUTHORIZED,
        "unauthenticated",
        "A bearer token is required; get one from policy-service /oauth2/token",
        java.util.List.of());
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
