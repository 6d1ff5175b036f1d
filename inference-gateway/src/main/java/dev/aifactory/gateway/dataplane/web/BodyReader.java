package dev.aifactory.gateway.dataplane.web;

import dev.aifactory.common.web.ApiException;
import dev.aifactory.gateway.GatewayProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Reads a data-plane body, refusing more than {@code aifactory.gateway.max-body-size}. */
@Component
class BodyReader {

  private final long limit;

  BodyReader(GatewayProperties properties) {
    this.limit = properties.maxBodySize().toBytes();
  }

  byte[] read(HttpServletRequest request) {
    if (request.getContentLengthLong() > limit) {
      throw tooLarge();
    }
    try {
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
