package dev.aifactory.common.inbox;

import dev.aifactory.common.events.IncomingEvent;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Inbox rows in the service's own schema ({@code inbox} table from the common migration). */
public class JdbcInbox implements Inbox {

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final MeterRegistry meters;

  public JdbcInbox(JdbcClient jdbc, TransactionTemplate tx, MeterRegistry meters) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.meters = meters;
  }

  @Override
  public boolean once(String consumer, IncomingEvent event, Runnable effect) {
    if (event.id() == null) {
      throw new IllegalArgumentException("Event without ce_id cannot be consumed idempotently");
    }
    Boolean ran =
        tx.execute(
            status -> {
              int inserted =
                  jdbc.sql(
                          """
                          insert into inbox (consumer, event_id, event_type)
                          values (:consumer, :id, :type) on conflict do nothing
                          """)
                      .param("consumer", consumer)
                      .param("id", event.id())
                      .param("type", event.type())
                      .update();
              if (inserted == 0) {
                return false;
              }
              effect.run();
              return true;
            });
    boolean fresh = Boolean.TRUE.equals(ran);
    meters
        .counter(
            "aifactory.inbox.events",
            "consumer",
            consumer,
            "type",
            String.valueOf(event.shortType()),
            "outcome",
            fresh ? "processed" : "duplicate")
        .increment();
    return fresh;
  }
}
