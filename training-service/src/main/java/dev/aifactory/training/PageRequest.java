package dev.aifactory.training;

import dev.aifactory.common.web.ApiException;

/** Requested page of a list: {@code page} from 0, {@code size} 1..200 (default 20). */
public record PageRequest(int page, int size) {

  public PageRequest {
    if (page < 0) {
      throw ApiException.badRequest("page", "must be 0 or more");
    }
    if (size < 1 || size > Page.MAX_SIZE) {
      throw ApiException.badRequest("size", "must be between 1 and " + Page.MAX_SIZE);
    }
  }
}
