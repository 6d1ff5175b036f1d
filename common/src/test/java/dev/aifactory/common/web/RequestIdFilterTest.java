package dev.aifactory.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class RequestIdFilterTest {

  private final RequestIdFilter filter = new RequestIdFilter();

  @Test
  void makesAVersionFourUuidWhenTheRequestBringsNone() throws Exception {
    MockHttpServletResponse response = new MockHttpServletResponse();
    AtomicReference<String> logged = new AtomicReference<>();
    filter.doFilter(
        new MockHttpServletRequest("GET", "/"),
        response,
        new MockFilterChain(new jakarta.servlet.http.HttpServlet() {}) {
          @Override
          public void doFilter(
              jakarta.servlet.ServletRequest request, jakarta.servlet.ServletResponse res) {
            logged.set(MDC.get(RequestIdFilter.MDC_KEY));
          }
        });
    String id = response.getHeader(RequestIdFilter.HEADER);
    UUID uuid = UUID.fromString(id);
    assertThat(uuid.toString()).isEqualTo(id);
    assertThat(uuid.version()).isEqualTo(4);
    assertThat(uuid.variant()).isEqualTo(2);
    assertThat(logged.get()).isEqualTo(id);
    assertThat(MDC.get(RequestIdFilter.MDC_KEY)).isNull();
  }

  @Test
  void makesDistinctIds() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      ids.add(RequestIdFilter.randomId());
    }
    assertThat(ids).hasSize(100_000);
  }

  @Test
  void keepsASafeIdTheClientSentAndReplacesAnUnsafeOne() throws Exception {
    MockHttpServletRequest safe = new MockHttpServletRequest("GET", "/");
    safe.addHeader(RequestIdFilter.HEADER, "ci-job-42:step.3");
    MockHttpServletResponse kept = new MockHttpServletResponse();
    filter.doFilter(safe, kept, new MockFilterChain());
    assertThat(kept.getHeader(RequestIdFilter.HEADER)).isEqualTo("ci-job-42:step.3");

    MockHttpServletRequest unsafe = new MockHttpServletRequest("GET", "/");
    unsafe.addHeader(RequestIdFilter.HEADER, "<script>");
    MockHttpServletResponse replaced = new MockHttpServletResponse();
    filter.doFilter(unsafe, replaced, new MockFilterChain());
    assertThat(UUID.fromString(replaced.getHeader(RequestIdFilter.HEADER)).version()).isEqualTo(4);
  }
}
