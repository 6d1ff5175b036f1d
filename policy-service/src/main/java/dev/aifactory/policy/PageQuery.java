package dev.aifactory.policy;

import dev.aifactory.common.web.ApiException;

/** Validated {@code page}/{@code size} parameters: size defaults to 20 and is capped at 200. */
public record PageQuery(int page, int size) {

  public static final int DEFAULT_SIZE = 20;
  public static final int MAX_SIZE = 200;

  public static PageQuery of(Integer page, Integer size) {
    int p = page == null ? 0 : page;
    int s = size == null ? DEFAULT_SIZE : size;
    if (p < 0) {
      throw ApiException.badRequest("page", "page must be 0 or greater");
    }
    if (s < 1 || s > MAX_SIZE) {
      throw ApiException.badRequest("size", "size must be between 1 and " + MAX_SIZE);
    }
    return new PageQuery(p, s);
  }

  public long offset() {
    return (long) page * size;
  }
}
