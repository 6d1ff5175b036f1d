package dev.aifactory.common.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes unsent outbox rows to Kafka as binary-mode CloudEvents and marks them sent. Rows are
 * locked with {@code SKIP LOCKED}, so several instances relay without sending a row twice in the
 * normal case; a crash between send and mark re-sends, which the consumers' inbox absorbs.
 */
public class OutboxRelay {

  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

  private final JdbcClient jdbc;
  private final KafkaTemplate<String, String> kafka;
  private final TransactionTemplate tx;
  private final Tracer tracer;
  private final String source;
  private final int batchSize;
  private final Counter published;
  private final Counter failures;

  public OutboxRelay(
      JdbcClient jdbc,
      KafkaTemplate<String, String> kafka,
      TransactionTemplate tx,
      Tracer tracer,
      String source,
      int batchSize,
      MeterRegistry meters) {
    this.jdbc = jdbc;
    this.kafka = kafka;
    this.tx = tx;
    this.tracer = tracer;
    this.source = source;
    this.batchSize = batchSize;
    this.published = meters.counter("aifactory.outbox.published");
    this.failures = meters.counter("aifactory.outbox.failures");
  }

  record Row(
      long seq,
      UUID id,
      String topic,
      String messageKey,
      String eventType,
      String team,
      String payload,
      OffsetDateTime createdAt,
      String traceId,
      String spanId) {}

  @Scheduled(fixedDelayString = "${aifactory.outbox.poll-interval:200ms}")
  public void relayPending() {
    try {
      Integer sent;
      do {
        sent = tx.execute(status -> relayBatch());
      } while (sent != null && sent == batchSize);
    } catch (RuntimeException e) {
      failures.increment();
      log.warn("Outbox relay failed, will retry: {}", e.getMessage());
    }
  }

  /** Sends one batch and marks it sent; returns how many rows were sent. */
  int relayBatch() {
    List<Row> rows =
        jdbc.sql(
                """
                select seq, id, topic, message_key, event_type, team, payload, created_at,
                       trace_id, span_id
                from outbox where sent_at is null order by seq limit :limit
                for update skip locked
                """)
            .param("limit", batchSize)
            .query(Row.class)
            .list();
    if (rows.isEmpty()) {
      return 0;
    }
    List<CompletableFuture<SendResult<String, String>>> futures = new ArrayList<>();
    for (Row row : rows) {
      futures.add(sendInOriginalTrace(row));
    }
    try {
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("Kafka did not acknowledge the outbox batch: " + e, e);
    }
    jdbc.sql("update outbox set sent_at = now() where seq in (:seqs)")
        .param("seqs", rows.stream().map(Row::seq).toList())
        .update();
    published.increment(rows.size());
    return rows.size();
  }

  /**
   * Sends with the writer's trace as the current span, so the Kafka observation propagates it
   * ({@code traceparent}) and the consumer continues the trace of the request that caused it.
   */
  private CompletableFuture<SendResult<String, String>> sendInOriginalTrace(Row row) {
    if (row.traceId() == null || row.spanId() == null) {
      return kafka.send(toRecord(row));
    }
    TraceContext parent =
        tracer
            .traceContextBuilder()
            .traceId(row.traceId())
            .spanId(row.spanId())
            .sampled(true)
            .build();
    Span span = tracer.spanBuilder().setParent(parent).name("outbox relay").start();
    try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
      return kafka.send(toRecord(row));
    } finally {
      span.end();
    }
  }

  private ProducerRecord<String, String> toRecord(Row row) {
    return CloudEventRecords.of(
        row.topic(),
        row.messageKey(),
        row.eventType(),
        row.team(),
        row.payload(),
        row.id().toString(),
        source,
        row.createdAt().toInstant());
  }
}
