package dev.aifactory.gateway.dataplane.web;

import dev.aifactory.common.web.ApiException;
import dev.aifactory.gateway.GatewayProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a data-plane body, refusing more than {@code aifactory.gateway.max-body-size}, and parses
 * it as JSON.
 */
@Component
class BodyReader {

  private final long limit;
  private final JsonMapper json;

  BodyReader(GatewayProperties properties, JsonMapper json) {
    this.limit = properties.maxBodySize().toBytes();
    this.json = json;
  }

  /** The body as untyped JSON (maps, lists, numbers, strings), or a 400 naming what is wrong. */
  Object json(byte[] body) {
    try {
      return json.readValue(body, Object.class);
    } catch (JacksonException e) {
      throw new ApiException(
          HttpStatus.BAD_REQUEST,
          "unreadable-body",
          "The request body is not valid JSON: " + e.getOriginalMessage(),
          List.of());
    }
  }

  byte[] read(HttpServletRequest request) {
    long declared = request.getContentLengthLong();
    if (declared > limit) {
      throw tooLarge();
    }
    try {
      if (declared >= 0) {
        // Read into an array of the declared size: readNBytes(max) starts with a 16 KB buffer
        // and copies, half of what a data-plane request allocated for a 40-byte body.
        byte[] body = new byte[(int) declared];
        int read = request.getInputStream().readNBytes(body, 0, body.length);
        return read == body.length ? body : Arrays.copyOf(body, read);
      }
      // Chunked bodies carry no length: read one byte past the limit to detect an overrun.
      byte[] body = request.getInputStream().readNBytes((int) Math.min(limit + 1, 2_000_000_000L));
      if (body.length > limit) {
        throw tooLarge();
      }
      return body;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ApiException tooLarge() {
    return new ApiException(
        HttpStatus.CONTENT_TOO_LARGE,
        "body-too-large",
        "The request body exceeds "
            + (limit / (1024 * 1024))
            + " MB; split the rows over several requests",
        List.of());
  }
}
