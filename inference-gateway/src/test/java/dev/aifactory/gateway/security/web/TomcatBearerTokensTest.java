package dev.aifactory.gateway.security.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aifactory.gateway.web.tomcat.ServedExchanges;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.catalina.connector.Request;
import org.apache.tomcat.util.buf.MessageBytes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real Catalina and Coyote request objects; the valve in front of a stand-in for the servlet. */
class TomcatBearerTokensTest {

  private static final String HEADER = "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ2aWMifQ.c2ln";
  private static final String TOKEN = HEADER.substring("Bearer ".length());

  @AfterEach
  void forget() {
    TomcatBearerTokens.forget();
  }

  @Test
  void knowsTheTokenOfTheSameHeaderBytesOnTheSameThreadThroughWrappers() throws Exception {
    List<String> known = new ArrayList<>();
    TomcatBearerTokens.remember(HEADER, TOKEN);
    serve(request(HEADER), r -> known.add(TomcatBearerTokens.knownToken(wrapped(r))));

    assertThat(known).containsExactly(TOKEN);
  }

  @Test
  void knowsNothingForOtherBytes() throws Exception {
    List<String> known = new ArrayList<>();
    TomcatBearerTokens.remember(HEADER, TOKEN);
    // One byte changed (a forged signature), a prefix, a longer value: all unknown.
    serve(
        request(HEADER.replace("c2ln", "c2lm")), r -> known.add(TomcatBearerTokens.knownToken(r)));
    serve(request(HEADER.substring(0, 20)), r -> known.add(TomcatBearerTokens.knownToken(r)));
    serve(request(HEADER + "x"), r -> known.add(TomcatBearerTokens.knownToken(r)));
    serve(request(null), r -> known.add(TomcatBearerTokens.knownToken(r)));

    assertThat(known).containsOnlyNulls().hasSize(4);
  }

  @Test
  void knowsNothingOutsideTheRequestThisThreadServes() throws Exception {
    Request other = request(HEADER);
    List<String> known = new ArrayList<>();
    TomcatBearerTokens.remember(HEADER, TOKEN);
    serve(request(HEADER), r -> known.add(TomcatBearerTokens.knownToken(other.getRequest())));

    assertThat(known).containsOnlyNulls().hasSize(1);
    assertThat(TomcatBearerTokens.knownToken(other.getRequest())).isNull();
  }

  @Test
  void comparesAValueSomethingAlreadyReadAsTextAsText() throws Exception {
    TomcatBearerTokens.remember(HEADER, TOKEN);
    List<String> known = new ArrayList<>();
    for (String value : List.of(HEADER, HEADER.replace("c2ln", "c2lm"))) {
      Request request = request(value);
      // what the Servlet API's getHeader leaves behind: the value converted to text
      request.getCoyoteRequest().getMimeHeaders().getHeader("Authorization");
      assertThat(request.getCoyoteRequest().getMimeHeaders().getValue("Authorization").getType())
          .isEqualTo(MessageBytes.T_STR);
      serve(request, r -> known.add(TomcatBearerTokens.knownToken(r)));
    }

    assertThat(known).containsExactly(TOKEN, null);
  }

  @Test
  void knowsNothingBeforeAnythingWasRemembered() throws Exception {
    List<String> known = new ArrayList<>();
    serve(request(HEADER), r -> known.add(TomcatBearerTokens.knownToken(r)));

    assertThat(known).containsOnlyNulls().hasSize(1);
  }

  @Test
  void remembersAnotherThreadsHeaderOnlyForThatThread() throws Exception {
    TomcatBearerTokens.remember(HEADER, TOKEN);
    List<String> known = new ArrayList<>();
    Thread other =
        new Thread(
            () -> {
              try {
                serve(request(HEADER), r -> known.add(TomcatBearerTokens.knownToken(r)));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    other.start();
    other.join();

    assertThat(known).containsOnlyNulls().hasSize(1);
  }

  private static Request request(String authorization) {
    Request request = ServedExchanges.exchange();
    if (authorization != null) {
      byte[] bytes = authorization.getBytes(StandardCharsets.ISO_8859_1);
      request
          .getCoyoteRequest()
          .getMimeHeaders()
          .addValue("Authorization")
          .setBytes(bytes, 0, bytes.length);
    }
    return request;
  }

  private static HttpServletRequest wrapped(HttpServletRequest request) {
    return new HttpServletRequestWrapper(new HttpServletRequestWrapper(request));
  }

  /** Asks on the thread serving {@code request}, with its facade as the servlet would see it. */
  private static void serve(Request request, Asking asking) throws Exception {
    ServedExchanges.serve(request, () -> asking.ask(request.getRequest()));
  }

  private interface Asking {
    void ask(HttpServletRequest request) throws Exception;
  }
}
