package dev.aifactory.gateway.security.web;

import dev.aifactory.gateway.GatewayProperties;
import dev.aifactory.gateway.security.SigV4Verifier;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Authenticates SageMaker-runtime clients that sign with SigV4 ({@code Authorization:
 * AWS4-HMAC-SHA256 ...}) on {@code POST /endpoints/{name}/invocations}. The body is read once (it
 * is part of the signature) and handed on to the controller. A verified caller is presented as a
 * JWT-shaped authentication ({@code sub} = access key id, {@code team}, {@code roles}) because that
 * is what the platform's {@code Caller} resolution reads; a bad signature is a 403 problem, as AWS
 * answers it. Requests with a bearer token pass through untouched.
 */
class SigV4AuthenticationFilter extends OncePerRequestFilter {

  private final SigV4Verifier verifier;
  private final long maxBody;
  private final JsonMapper json;

  SigV4AuthenticationFilter(SigV4Verifier verifier, GatewayProperties properties, JsonMapper json) {
    this.verifier = verifier;
    this.maxBody = properties.maxBodySize().toBytes();
    this.json = json;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String authorization = request.getHeader("Authorization");
    return authorization == null || !authorization.startsWith(SigV4Verifier.ALGORITHM);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = request.getRequestURI();
    if (!path.startsWith("/endpoints/") || !path.endsWith("/invocations")) {
      problem(response, 403, "SigV4 signatures are accepted on /endpoints/{name}/invocations only");
      return;
    }
    if (request.getContentLengthLong() > maxBody) {
      problem(response, 413, "The request body exceeds the gateway's limit");
      return;
    }
    byte[] body = request.getInputStream().readNBytes((int) Math.min(maxBody + 1, 2_000_000_000L));
    if (body.length > maxBody) {
      problem(response, 413, "The request body exceeds the gateway's limit");
      return;
    }
    SigV4Verifier.Principal principal;
    try {
      principal =
          verifier.verify(
              request.getHeader("Authorization"),
              new SigV4Verifier.SignedRequest(
                  request.getMethod(),
                  path,
                  request.getQueryString(),
                  name -> {
                    var values = request.getHeaders(name);
                    return values == null ? List.of() : Collections.list(values);
                  },
                  body));
    } catch (SigV4Verifier.Rejected e) {
      problem(response, 403, e.getMessage());
      return;
    }
    Jwt jwt =
        Jwt.withTokenValue("sigv4:" + principal.accessKeyId())
            .header("alg", "AWS4-HMAC-SHA256")
            .subject(principal.accessKeyId())
            .claim("team", principal.team())
            .claim("roles", principal.roles())
            .issuedAt(Instant.now())
            .expiresAt(Instant.now().plusSeconds(60))
            .build();
    SecurityContext context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(
        new JwtAuthenticationToken(
            jwt,
            principal.roles().stream().map(r -> new SimpleGrantedAuthority("ROLE_" + r)).toList(),
            principal.accessKeyId()));
    SecurityContextHolder.setContext(context);
    try {
      chain.doFilter(new CachedBody(request, body), response);
    } finally {
      SecurityContextHolder.clearContext();
    }
  }

  private void problem(HttpServletResponse response, int status, String detail) throws IOException {
    response.setStatus(status);
    response.setContentType("application/problem+json");
    response
        .getOutputStream()
        .write(
            json.writeValueAsString(
                    Map.of(
                        "type",
                        "https://aifactory.dev/problems/"
                            + (status == 413 ? "body-too-large" : "invalid-signature"),
                        "title",
                        status == 413 ? "Content Too Large" : "Forbidden",
                        "status",
                        status,
                        "detail",
                        detail))
                .getBytes(StandardCharsets.UTF_8));
  }

  /** The request with its body already read, for the controller to read again. */
  private static final class CachedBody extends HttpServletRequestWrapper {
    private final byte[] body;

    CachedBody(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new UnsupportedOperationException();
        }
      };
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }

    @Override
    public int getContentLength() {
      return body.length;
    }
  }
}
