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
  void absentParametersAskForTheFirstPageOfTheDefaultSize() {
    assertThat(PageRequest.of(null, null)).isEqualTo(new PageRequest(0, PageRequest.DEFAULT_SIZE));
    assertThat(PageRequest.of(2, null)).isEqualTo(new PageRequest(2, 20));
    assertThat(PageRequest.of(null, 50)).isEqualTo(new PageRequest(0, 50));
    assertThatThrownBy(() -> PageRequest.of(null, 0)).isInstanceOf(ApiException.class);
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
