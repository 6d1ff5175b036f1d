package dev.aifactory.common.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PageRequestTest {

  @Test
  void acceptsThePagesAListCanServe() {
    assertThat(new PageRequest(0, 1).offset()).isZero();
    assertThat(new PageRequest(3, 200).offset()).isEqualTo(600);
    PageRequest.check(0, 20);
  }

  @Test
  void refusesAPageOrSizeOutOfRangeNamingIt() {
    assertThatThrownBy(() -> PageRequest.check(-1, 20))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.errors().get(0).field()).isEqualTo("page"));
    for (int size : new int[] {0, -1, PageRequest.MAX_SIZE + 1}) {
      assertThatThrownBy(() -> PageRequest.check(0, size))
          .isInstanceOfSatisfying(
              ApiException.class, e -> assertThat(e.errors().get(0).field()).isEqualTo("size"));
    }
  }
}
