package dev.aifactory.common.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;
import tools.jackson.databind.json.JsonMapper;

class EventCatalogTest {

  @Test
  void listsEveryEventPayloadOnce() throws Exception {
    var scanner = new ClassPathScanningCandidateComponentProvider(false);
    scanner.addIncludeFilter(new AssignableTypeFilter(DomainEvent.class));
    Set<Class<?>> found = new HashSet<>();
    for (var candidate : scanner.findCandidateComponents(DomainEvent.class.getPackageName())) {
      Class<?> type = Class.forName(candidate.getBeanClassName());
      if (type.isRecord()) {
        found.add(type);
      }
    }
    assertThat(found).isNotEmpty();
    assertThat(new HashSet<Class<?>>(EventCatalog.PAYLOADS)).isEqualTo(found);
    assertThat(new HashSet<>(EventCatalog.TYPES)).hasSameSizeAs(EventCatalog.TYPES);
    assertThat(EventCatalog.payloadOf("training.run-cancelled"))
        .isEqualTo(TrainingRunCancelled.class);
    assertThat(EventCatalog.payloadOf("no.such-event")).isNull();
  }

  @Test
  void readsPayloadsWrittenBeforeFieldsWereAdded() {
    var json = JsonMapper.builder().findAndAddModules().build();
    String before =
        """
        {"requestId":"r1","endpoint":"churn","variant":"v1","modelGroup":"churn","version":3,
         "timestamp":"2026-11-27T10:00:00Z","latencyMs":1.5,"overheadMs":0.2,"status":200,
         "features":{"age":42},"prediction":0.7}
        """;
    CapturedInference read = json.readValue(before, CapturedInference.class);
    assertThat(read.version()).isEqualTo(3);
    assertThat(read.prediction()).isEqualTo(0.7);
    assertThat(read.sampleRate()).isNull();
    assertThat(read.shadow()).isNull();

    var written =
        json.writeValueAsString(
            new CapturedInference(
                "r2",
                "churn",
                "v2",
                "churn",
                4,
                java.time.Instant.EPOCH,
                1,
                0.1,
                200,
                java.util.Map.of("age", 1),
                0.3,
                0.25,
                new ShadowResult("shadow", 5, 0.4, 2.0, null)));
    CapturedInference back = json.readValue(written, CapturedInference.class);
    assertThat(back.sampleRate()).isEqualTo(0.25);
    assertThat(back.shadow().version()).isEqualTo(5);
  }
}
