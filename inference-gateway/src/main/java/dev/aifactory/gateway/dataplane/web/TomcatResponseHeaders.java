package dev.aifactory.gateway.dataplane.web;

import jakarta.servlet.ServletException;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.tomcat.util.http.MimeHeaders;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts the data plane's response headers into Tomcat's header table as bytes.
 *
 * <p>Why: Tomcat 11 (11.0.22 and 11.0.27 alike) turns each header name and value set as a {@code
 * String} into bytes when the response is committed, with a new {@code CharsetEncoder}, {@code
 * CharBuffer} and byte buffer every time ({@code MessageBytes.toBytes}): the largest single item of
 * the gateway's allocation per request in JFR's samples (~20 %), and allocation sets how often its
 * young collections pause. This class takes the data plane's six headers off that path (Tomcat's
 * own, the content type, date and request id, stay on it); with the XGBoost change of the same
 * session the request threads went from 18.1 to 17.2 KB per request (docs/benchmarks.md, session
 * 8). Header names and fixed values are encoded once here and copied per response (see {@link
 * #put}); a varying value is one small array. Tomcat copies bytes to the socket as they are.
 *
 * <p>Which response: a context valve (Tomcat's extension point, {@link Registration}) notes the
 * response it serves on its thread while the request runs. The bytes go in only when the servlet
 * response being answered, unwrapped, is that very response's facade and not committed yet; an
 * answer written on another thread (an asynchronous answer, a coalesced batch finished by another
 * request's thread) or on another server takes the Servlet API, as does a value that is not
 * printable ASCII. That check is also what the wrappers skipped here would have done: Spring
 * Security's firewall refuses header values with CR or LF, and Tomcat filters control characters on
 * the {@code String} path only. Like {@code setHeader}, an earlier value of the same name is
 * replaced.
 */
final class TomcatResponseHeaders extends ValveBase {

  private static final ThreadLocal<Response> SERVING = new ThreadLocal<>();

  TomcatResponseHeaders() {
    super(true);
  }

  @Override
  public void invoke(Request request, Response response) throws IOException, ServletException {
    Response outer = SERVING.get();
    SERVING.set(response);
    try {
      getNext().invoke(request, response);
    } finally {
      // set, not remove: the thread keeps its entry, so no allocation per request
      SERVING.set(outer);
    }
  }

  /** A header name or fixed value, as text and as the bytes Tomcat writes. */
  record Text(String string, byte[] bytes) {
    static Text of(String string) {
      byte[] bytes = ascii(string);
      if (bytes == null) {
        throw new IllegalArgumentException("Not printable ASCII: " + string);
      }
      return new Text(string, bytes);
    }
  }

  /**
   * Tomcat's header table of {@code response} if this thread is serving exactly that response and
   * it is not committed; null otherwise (then use the Servlet API).
   */
  static MimeHeaders tableOf(HttpServletResponse response) {
    Response serving = SERVING.get();
    if (serving == null || serving.isCommitted()) {
      return null;
    }
    ServletResponse inner = response;
    while (inner instanceof ServletResponseWrapper wrapper) {
      inner = wrapper.getResponse();
    }
    return inner == serving.getResponse() ? serving.getCoyoteResponse().getMimeHeaders() : null;
  }

  /** Sets a header, as bytes into {@code table} when given one, else through the Servlet API. */
  static void set(HttpServletResponse response, MimeHeaders table, Text name, Text value) {
    if (table == null) {
      response.setHeader(name.string(), value.string());
    } else {
      put(table, name, value.bytes().clone());
    }
  }

  /** As {@link #set(HttpServletResponse, MimeHeaders, Text, Text)}, for a value that varies. */
  static void set(HttpServletResponse response, MimeHeaders table, Text name, String value) {
    byte[] bytes = table == null ? null : ascii(value);
    if (bytes == null) {
      response.setHeader(name.string(), value);
    } else {
      put(table, name, bytes);
    }
  }

  /**
   * Tomcat keeps a reference to the arrays it is given, and a recycled header slot can later be
   * written in place ({@code ByteChunk.allocate} reuses a large enough buffer): every array handed
   * over is this response's own, never a shared constant.
   */
  private static void put(MimeHeaders table, Text name, byte[] value) {
    table.removeHeader(name.string());
    byte[] nameBytes = name.bytes().clone();
    table.addValue(nameBytes, 0, nameBytes.length).setBytes(value, 0, value.length);
  }

  /** The value's bytes if every character is printable ASCII (space to tilde), else null. */
  static byte[] ascii(String value) {
    int length = value.length();
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return null;
      }
    }
    return value.getBytes(StandardCharsets.US_ASCII);
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.apache.catalina.Valve")
  static class Registration {
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> dataPlaneResponseHeaders() {
      return factory -> factory.addContextValves(new TomcatResponseHeaders());
    }
  }
}
