package dev.aifactory.gateway.dataplane.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aifactory.gateway.web.tomcat.ServedExchanges;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.catalina.connector.Response;
import org.apache.tomcat.util.buf.MessageBytes;
import org.apache.tomcat.util.http.MimeHeaders;
import org.junit.jupiter.api.Test;

/** Real Catalina and Coyote response objects; the valve in front of a stand-in for the servlet. */
class TomcatResponseHeadersTest {

  private static final TomcatResponseHeaders.Text VARIANT =
      TomcatResponseHeaders.Text.of("X-Model-Variant");

  private final org.apache.coyote.Response coyote = new org.apache.coyote.Response();
  private final Response served = new Response(coyote);

  @Test
  void putsBytesIntoTheTableOfTheResponseThisThreadServesThroughItsWrappers() throws Exception {
    AtomicReference<MimeHeaders> table = new AtomicReference<>();
    serve(
        response -> {
          HttpServletResponse wrapped = new HttpServletResponseWrapper(response);
          table.set(TomcatResponseHeaders.tableOf(wrapped));
          TomcatResponseHeaders.set(wrapped, table.get(), VARIANT, "primary");
        });

    assertThat(table.get()).isSameAs(coyote.getMimeHeaders());
    MessageBytes value = coyote.getMimeHeaders().getValue("X-Model-Variant");
    assertThat(value.getType()).isEqualTo(MessageBytes.T_BYTES);
    assertThat(value.toString()).isEqualTo("primary");
    assertThat(coyote.getMimeHeaders().getName(0).getType()).isEqualTo(MessageBytes.T_BYTES);
  }

  @Test
  void answersNoTableOutsideTheRequestOrForAnotherResponse() throws Exception {
    Response other = new Response(new org.apache.coyote.Response());
    AtomicReference<MimeHeaders> forOther = new AtomicReference<>();
    serve(response -> forOther.set(TomcatResponseHeaders.tableOf(other.getResponse())));

    assertThat(forOther.get()).isNull();
    assertThat(TomcatResponseHeaders.tableOf(served.getResponse())).isNull();
  }

  @Test
  void answersNoTableOnceTheResponseIsCommitted() throws Exception {
    AtomicReference<MimeHeaders> table = new AtomicReference<>(new MimeHeaders());
    serve(
        response -> {
          coyote.setCommitted(true);
          table.set(TomcatResponseHeaders.tableOf(response));
        });

    assertThat(table.get()).isNull();
  }

  @Test
  void leavesValuesThatAreNotPrintableAsciiToTheServletApi() throws Exception {
    serve(
        response -> {
          MimeHeaders table = TomcatResponseHeaders.tableOf(response);
          TomcatResponseHeaders.set(response, table, VARIANT, "prímary");
          TomcatResponseHeaders.set(
              response, table, TomcatResponseHeaders.Text.of("X-Other"), "a\r\nb");
        });

    MessageBytes variant = coyote.getMimeHeaders().getValue("X-Model-Variant");
    assertThat(variant.getType()).isEqualTo(MessageBytes.T_STR);
    assertThat(variant.toString()).isEqualTo("prímary");
    assertThat(coyote.getMimeHeaders().getValue("X-Other").getType()).isEqualTo(MessageBytes.T_STR);
  }

  @Test
  void replacesAnEarlierValueOfTheSameName() throws Exception {
    serve(
        response -> {
          response.setHeader("x-model-variant", "earlier");
          MimeHeaders table = TomcatResponseHeaders.tableOf(response);
          TomcatResponseHeaders.set(response, table, VARIANT, "primary");
        });

    List<String> values =
        new ArrayList<>(Collections.list(coyote.getMimeHeaders().values("X-Model-Variant")));
    assertThat(values).containsExactly("primary");
  }

  @Test
  void handsTomcatCopiesOfNamesAndFixedValuesNeverTheSharedArrays() throws Exception {
    // 32 bytes or more: the size a recycled slot's buffer is reused at by setLong
    TomcatResponseHeaders.Text noStore =
        TomcatResponseHeaders.Text.of("no-store, no-cache, must-revalidate, private");
    TomcatResponseHeaders.Text cacheControl = TomcatResponseHeaders.Text.of("Cache-Control");
    serve(
        response ->
            TomcatResponseHeaders.set(
                response, TomcatResponseHeaders.tableOf(response), cacheControl, noStore));

    MimeHeaders table = coyote.getMimeHeaders();
    assertThat(table.getName(0).getByteChunk().getBuffer()).isNotSameAs(cacheControl.bytes());
    assertThat(table.getValue(0).getByteChunk().getBuffer()).isNotSameAs(noStore.bytes());
    // A recycled slot written in place (Content-Length is set that way) leaves the constants alone.
    coyote.recycle();
    table.setValue("Content-Length").setLong(12345678);
    assertThat(new String(noStore.bytes(), java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("no-store, no-cache, must-revalidate, private");
    assertThat(new String(cacheControl.bytes(), java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("Cache-Control");
  }

  @Test
  void refusesANameOrFixedValueThatIsNotPrintableAscii() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> TomcatResponseHeaders.Text.of("X-Bad\n"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private interface Servlet {
    void service(HttpServletResponse response) throws Exception;
  }

  private void serve(Servlet servlet) throws Exception {
    ServedExchanges.serve(
        ServedExchanges.exchange(new org.apache.coyote.Request(), served),
        () -> servlet.service(served.getResponse()));
  }
}
