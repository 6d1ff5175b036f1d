package dev.aifactory.gateway.web.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.util.ArrayList;
import java.util.List;
import org.apache.catalina.connector.Request;
import org.junit.jupiter.api.Test;

/** Real Catalina and Coyote objects; the valve in front of a stand-in for the rest. */
class TomcatServingTest {

  private final Request request = ServedExchanges.exchange();

  @Test
  void answersTheServedRequestAndResponseThroughTheirWrappers() throws Exception {
    List<Object> seen = new ArrayList<>();
    ServedExchanges.serve(
        request,
        () -> {
          seen.add(
              TomcatServing.requestOf(
                  new HttpServletRequestWrapper(
                      new HttpServletRequestWrapper(request.getRequest()))));
          seen.add(
              TomcatServing.responseOf(
                  new HttpServletResponseWrapper(request.getResponse().getResponse())));
        });

    assertThat(seen).containsExactly(request, request.getResponse());
  }

  @Test
  void answersNullForAnotherExchangeAndOutsideOne() throws Exception {
    Request other = ServedExchanges.exchange();
    List<Object> seen = new ArrayList<>();
    ServedExchanges.serve(
        request,
        () -> {
          seen.add(TomcatServing.requestOf(other.getRequest()));
          seen.add(TomcatServing.responseOf(other.getResponse().getResponse()));
        });

    assertThat(seen).containsExactly(null, null);
    assertThat(TomcatServing.requestOf(request.getRequest())).isNull();
    assertThat(TomcatServing.responseOf(request.getResponse().getResponse())).isNull();
  }

  @Test
  void answersNullOnAnotherThreadWhileTheExchangeIsServed() throws Exception {
    List<Object> seen = new ArrayList<>();
    ServedExchanges.serve(
        request,
        () -> {
          Thread other =
              new Thread(
                  () -> {
                    seen.add(TomcatServing.requestOf(request.getRequest()));
                    seen.add(TomcatServing.responseOf(request.getResponse().getResponse()));
                  });
          other.start();
          other.join();
        });

    assertThat(seen).containsExactly(null, null);
  }

  @Test
  void restoresTheOuterExchangeAfterANestedOne() throws Exception {
    Request inner = ServedExchanges.exchange();
    List<Object> seen = new ArrayList<>();
    ServedExchanges.serve(
        request,
        () -> {
          ServedExchanges.serve(inner, () -> seen.add(TomcatServing.requestOf(inner.getRequest())));
          seen.add(TomcatServing.requestOf(request.getRequest()));
          seen.add(TomcatServing.requestOf(inner.getRequest()));
        });

    assertThat(seen).containsExactly(inner, request, null);
  }
}
