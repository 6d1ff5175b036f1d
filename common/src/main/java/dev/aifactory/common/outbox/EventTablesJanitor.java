package dev.aifactory.common.outbox;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;

/** Deletes sent outbox rows and old inbox rows past their retention, so both tables stay small. */
public class EventTablesJanitor {

  private static final Logger log = LoggerFactory.getLogger(EventTablesJanitor.class);

  private final JdbcClient jdbc;
  private final Duration outboxRetention;
  private final Duration inboxRetention;

  public EventTablesJanitor(JdbcClient jdbc, Duration outboxRetention, Duration inboxRetention) {
    this.jdbc = jdbc;
    this.outboxRetention = outboxRetention;
    this.inboxRetention = inboxRetention;
  }

  @Scheduled(
      initialDelayString = "${aifactory.outbox.purge-interval:1h}",
      fixedDelayString = "${aifactory.outbox.purge-interval:1h}")
  public void purge() {
    int outbox =
        jdbc.sql(
                "delete from outbox where sent_at is not null"
                    + " and sent_at < now() - make_interval(secs => :secs)")
            .param("secs", outboxRetention.toSeconds())
            .update();
    int inbox =
        jdbc.sql("delete from inbox where processed_at < now() - make_interval(secs => :secs)")
            .param("secs", inboxRetention.toSeconds())
            .update();
    if (outbox + inbox > 0) {
      log.info("Purged {} sent outbox rows and {} inbox rows past retention", outbox, inbox);
    }
  }
}
