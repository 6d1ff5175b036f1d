package dev.aifactory.gateway.dataplane.web;

import dev.aifactory.gateway.web.tomcat.TomcatServing;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Response;
import org.apache.tomcat.util.http.MimeHeaders;

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
 * <p>Which response: the bytes go in only when the servlet response being answered is the one this
 * thread is serving ({@link TomcatServing}) and not committed yet; an answer written on another
 * thread (an asynchronous answer, a coalesced batch finished by another request's thread) or on
 * another server takes the Servlet API, as does a value that is not printable ASCII. That check is
 * also what the wrappers skipped here would have done: Spring Security's firewall refuses header
 * values with CR or LF, and Tomcat filters control characters on the {@code String} path only. Like
 * {@code setHeader}, an earlier value of the same name is replaced.
 */
final class TomcatResponseHeaders {

  private TomcatResponseHeaders() {}

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
    Response serving = TomcatServing.responseOf(response);
    return serving == null || serving.isCommitted()
        ? null
        : serving.getCoyoteResponse().getMimeHeaders();
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
}
