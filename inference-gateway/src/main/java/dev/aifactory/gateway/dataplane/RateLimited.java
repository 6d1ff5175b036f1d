package dev.aifactory.gateway.dataplane;

import dev.aifactory.common.web.ApiException;
import java.util.List;
import org.springframework.http.HttpStatus;

/** 429: a quota is used up; the client may retry after {@link #retryAfterSeconds()}. */
public class RateLimited extends ApiException {

  private final long retryAfterSeconds;

  RateLimited(String detail, long retryAfterSeconds) {
    super(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", detail, List.of());
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
