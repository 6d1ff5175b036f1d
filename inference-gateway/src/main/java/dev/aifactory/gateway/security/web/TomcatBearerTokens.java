package dev.aifactory.gateway.security.web;

import dev.aifactory.gateway.web.tomcat.TomcatServing;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.catalina.connector.Request;
import org.apache.tomcat.util.buf.ByteChunk;
import org.apache.tomcat.util.buf.MessageBytes;

/**
 * The bearer token of a data-plane request read from the bytes of its {@code Authorization} header
 * in Tomcat's header table, when the same thread resolved the very same header before.
 *
 * <p>Why: Tomcat turns a header value into a {@code String} when it is first read, with a new
 * {@code CharBuffer} and two copies per request; for the ~800-byte bearer token that was 15 % of
 * the request threads' allocation in JFR's samples (docs/benchmarks.md, session 9), and allocation
 * is what sets the gateway's young-collection pauses. A data-plane client sends the same header on
 * thousands of requests, so each request thread remembers the last header it resolved and its
 * token, and compares bytes before anything reads the header as text.
 *
 * <p>What is remembered is only the header-to-token mapping, a pure function of the header: the
 * token is still authenticated on every request (signature cache, expiry re-checked) by the same
 * manager. A header is remembered only after it was read through the Servlet API (Spring Security's
 * firewall checks its value there) and found to be a well-formed {@code Bearer} header, which is
 * ASCII only: its bytes on the wire are exactly its characters, and bytes that compare equal would
 * pass both checks again. The table is read only when this thread is serving exactly the request
 * asked about ({@link TomcatServing}); a value something already read as text is compared as text;
 * anything else answers null and the caller takes the Servlet API.
 */
final class TomcatBearerTokens {

  /** The last well-formed header this thread resolved, and its token. */
  private static final ThreadLocal<Remembered> LAST = new ThreadLocal<>();

  private record Remembered(String header, byte[] bytes, String token) {}

  private TomcatBearerTokens() {}

  /**
   * The token of {@code request}'s {@code Authorization} header if it is the header last {@link
   * #remember remembered} on this thread; null otherwise, or when the table cannot be read.
   */
  static String knownToken(HttpServletRequest request) {
    Remembered last = LAST.get();
    MessageBytes value = last == null ? null : authorization(request);
    if (value == null) {
      return null;
    }
    boolean same =
        switch (value.getType()) {
          case MessageBytes.T_BYTES -> {
            ByteChunk bytes = value.getByteChunk();
            yield Arrays.equals(
                bytes.getBuffer(),
                bytes.getStart(),
                bytes.getEnd(),
                last.bytes(),
                0,
                last.bytes().length);
          }
          case MessageBytes.T_STR -> last.header().equals(value.toString());
          default -> false;
        };
    return same ? last.token() : null;
  }

  /**
   * Remembers, for this thread, that {@code header} carries {@code token}.
   *
   * @param header an {@code Authorization} value read through the Servlet API and found to be a
   *     well-formed bearer header (printable ASCII)
   */
  static void remember(String header, String token) {
    LAST.set(new Remembered(header, header.getBytes(StandardCharsets.US_ASCII), token));
  }

  /** Forgets this thread's remembered header (tests). */
  static void forget() {
    LAST.remove();
  }

  /** The request's first {@code Authorization} value in Tomcat's table, or null. */
  private static MessageBytes authorization(HttpServletRequest request) {
    Request serving = TomcatServing.requestOf(request);
    return serving == null
        ? null
        : serving.getCoyoteRequest().getMimeHeaders().getValue("authorization");
  }
}
