package dev.aifactory.common.web;

/**
 * A requested page of a list, checked: {@code page} from 0, {@code size} from 1 to {@link
 * #MAX_SIZE}; anything else is a 400 naming the parameter.
 */
public record PageRequest(int page, int size) {

  public static final int MAX_SIZE = 200;
  public static final int DEFAULT_SIZE = 20;

  public PageRequest {
    if (page < 0) {
      throw ApiException.badRequest("page", "must be 0 or more");
    }
    if (size < 1 || size > MAX_SIZE) {
      throw ApiException.badRequest("size", "must be between 1 and " + MAX_SIZE);
    }
  }

  /** The page asked for by optional parameters: page 0 and {@link #DEFAULT_SIZE} when absent. */
  public static PageRequest of(Integer page, Integer size) {
    return new PageRequest(page == null ? 0 : page, size == null ? DEFAULT_SIZE : size);
  }

  /** Checks {@code page} and {@code size} as a page request would, for lists that pass them on. */
  public static void check(int page, int size) {
    new PageRequest(page, size);
  }

  /** Rows to skip before this page. */
  public long offset() {
    return (long) page * size;
  }
}
