package dev.aifactory.gateway.it;

import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The spans the gateway finished, as a trace exporter would receive them: Spring Boot hands every
 * {@link SpanHandler} bean to Brave. The newest 1,000 are kept.
 */
@TestConfiguration(proxyBeanMethods = false)
class RecordedSpans {

  private final ConcurrentLinkedDeque<MutableSpan> finished = new ConcurrentLinkedDeque<>();

  @Bean
  SpanHandler recordingSpanHandler() {
    return new SpanHandler() {
      @Override
      public boolean end(TraceContext context, MutableSpan span, Cause cause) {
        if (cause == Cause.FINISHED) {
          finished.addLast(span);
          while (finished.size() > 1_000) {
            finished.pollFirst();
          }
        }
        return true;
      }
    };
  }

  List<MutableSpan> finished() {
    return List.copyOf(finished);
  }
}
